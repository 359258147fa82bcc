import { h } from './dom.js';

/** Asks before an action that changes a run; resolves true only on an explicit "yes". */
export function confirmAction(question, confirmLabel) {
  return new Promise((resolve) => {
    const dialog = h(
      'dialog',
      { className: 'confirm', 'aria-labelledby': 'confirm-question' },
      h('p', { id: 'confirm-question' }, question),
      h(
        'form',
        { method: 'dialog', className: 'row' },
        h('button', { value: 'no', className: 'secondary' }, 'Keep as is'),
        h('button', { value: 'yes', className: 'danger' }, confirmLabel),
      ),
    );
    dialog.addEventListener('close', () => {
      resolve(dialog.returnValue === 'yes');
      dialog.remove();
    });
    document.body.append(dialog);
    dialog.showModal();
  });
}

export function toast(message, kind = 'info') {
  const area = document.getElementById('toast');
  area.replaceChildren(h('div', { className: `toast ${kind}` }, message));
  setTimeout(() => area.replaceChildren(), 6000);
}

/** The API's problem (or any error) as an alert under the given element. */
export function problemMessage(error) {
  const text = typeof error?.describe === 'function' ? error.describe() : String(error?.message ?? error);
  return h('div', { className: 'problem', role: 'alert' }, text);
}
