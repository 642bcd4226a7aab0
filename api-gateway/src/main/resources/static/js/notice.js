// The one place where the page tells the shopper what happened: problem details from the API, field errors,
// confirmations. Errors take the focus so that keyboard and screen-reader users notice them.
import { byId, h } from './dom.js';

const notice = () => byId('notice');

/** Shows a Problem (or any error) with its detail and field errors; focus: false leaves the focus where it is. */
export function showProblem(problem, { heading, focus = true } = {}) {
  const detail = problem?.detail ?? 'Something went wrong. Please try again.';
  const fieldErrors = problem?.fieldErrors ?? [];
  const box = notice();
  box.className = 'notice error';
  box.setAttribute('role', 'alert');
  box.replaceChildren(
    h('p', {}, heading ? h('strong', {}, `${heading}: `) : null, detail),
    fieldErrors.length
      ? h('ul', { class: 'field-errors' },
        fieldErrors.map((error) => h('li', {}, error.field ? `${error.field}: ${error.message}` : error.message)))
      : null,
    dismissButton(),
  );
  box.hidden = false;
  if (focus) {
    box.focus();
  }
}

/** Shows a short confirmation that does not steal the focus. */
export function showInfo(text) {
  const box = notice();
  box.className = 'notice info';
  box.setAttribute('role', 'status');
  box.replaceChildren(h('p', {}, text), dismissButton());
  box.hidden = false;
}

export function clearNotice() {
  const box = notice();
  box.hidden = true;
  box.replaceChildren();
}

function dismissButton() {
  return h('button', { type: 'button', class: 'link-button dismiss', onclick: clearNotice }, 'Dismiss');
}
