/**
 * Function packs (ADR 0042, docs/function-packs.md): a provider's functions declared as data, one
 * file per provider, each function an HTTP request built from its input and a mapping of the answer
 * to its output, or, for a function that is not one request, a {@link
 * io.flowmesh.functions.pack.PackBuiltin} named by the pack that makes its calls (ADR 0054). Packs
 * load at start from the classpath and an operator's directory, are written to the registry as
 * platform functions and run by {@link io.flowmesh.functions.pack.PackFunctionExecutor}.
 */
package io.flowmesh.functions.pack;
