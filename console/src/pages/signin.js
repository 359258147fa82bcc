import { h } from '../dom.js';
import { api } from '../api.js';
import { session } from '../session.js';
import { problemMessage } from '../dialog.js';

/** Asks for an API key and checks it with one cheap API call before keeping it. */
export function signInPage({ search, navigate }) {
  const input = h('input', { id: 'api-key', name: 'apiKey', type: 'password', autocomplete: 'off', required: true });
  const feedback = h('div');
  const form = h(
    'form',
    { className: 'card narrow', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', {}, 'Paste an API key. It stays in this browser tab only and is sent with each API call.'),
    h('label', { for: 'api-key' }, 'API key'),
    input,
    h('button', { type: 'submit' }, 'Sign in'),
    feedback,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    session.signIn(input.value.trim());
    try {
      await api('/workflow-definitions?limit=1');
      const next = search.get('next');
      navigate(next && next.startsWith('/') && !next.startsWith('//') ? next : '/runs', { replace: true });
    } catch (error) {
      session.signOut();
      feedback.replaceChildren(problemMessage(error.status === 401 ? { message: 'The gateway does not know this key.' } : error));
    }
  });
  queueMicrotask(() => input.focus());
  return { element: form };
}
