package io.flowmesh.web;

import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;

/** Supplies the gateway-resolved {@link Tenant} to controller methods that declare it. */
class TenantArgumentResolver implements HandlerMethodArgumentResolver {

  @Override
  public boolean supportsParameter(MethodParameter parameter) {
    return Tenant.class.equals(parameter.getParameterType());
  }

  @Override
  public Object resolveArgument(
      MethodParameter parameter,
      ModelAndViewContainer mavContainer,
      NativeWebRequest webRequest,
      WebDataBinderFactory binderFactory) {
    Object tenant =
        webRequest.getAttribute(
            GatewayTrustFilter.TENANT_ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
    if (tenant == null) {
      // Only reachable for a mapping outside /api/**, which is a programming error.
      throw new IllegalStateException("No tenant: the handler is not under /api/**");
    }
    return tenant;
  }
}
