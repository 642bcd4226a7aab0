// Wires the storefront together: the catalog, the cart, "My orders" and the account forms.
import { byId } from './dom.js';
import { initCart, addToCart, refreshCheckout, updateProducts } from './cart.js';
import { initCatalog, loadCatalog, onProductsLoaded } from './catalog.js';
import { clearNotice, showInfo, showProblem } from './notice.js';
import { initOrders, orderPlaced, ordersFor } from './orders.js';
import { onSessionChange, register, signIn, signOut } from './session.js';

initCart({ onPlaced: orderPlaced });
onProductsLoaded(updateProducts);
initCatalog({ onAdd: addToCart });
initOrders({ onStockChanged: loadCatalog });
initAccountForms();
onSessionChange((user) => {
  byId('signed-in').hidden = user === null;
  byId('signed-out').hidden = user !== null;
  byId('user-name').textContent = user?.name ?? '';
  if (user) {
    byId('auth').hidden = true;
  }
  refreshCheckout();
  ordersFor(user);
});

function initAccountForms() {
  byId('show-sign-in').addEventListener('click', () => openAuth('sign-in'));
  byId('show-register').addEventListener('click', () => openAuth('register'));
  byId('sign-out').addEventListener('click', () => {
    signOut();
    showInfo('You are signed out.');
    byId('show-sign-in').focus();
  });
  document.querySelectorAll('#auth [data-switch]').forEach((button) => {
    button.addEventListener('click', () => openAuth(button.dataset.switch));
  });
  document.querySelectorAll('#auth [data-close]').forEach((button) => {
    button.addEventListener('click', closeAuth);
  });
  byId('auth').addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      closeAuth();
    }
  });
  submitting(byId('sign-in-form'), (form) => signIn(form.email.value.trim(), form.password.value), 'Welcome back!');
  submitting(byId('register-form'),
    (form) => register(form.name.value.trim(), form.email.value.trim(), form.password.value),
    'Your account is ready and you are signed in.');
}

function openAuth(which) {
  const auth = byId('auth');
  auth.hidden = false;
  byId('sign-in-form').hidden = which !== 'sign-in';
  byId('register-form').hidden = which !== 'register';
  byId('auth-title').textContent = which === 'sign-in' ? 'Sign in' : 'Create an account';
  byId(which === 'sign-in' ? 'sign-in-email' : 'register-name').focus();
}

function closeAuth() {
  byId('auth').hidden = true;
  byId('show-sign-in').focus();
}

// Runs action(form) on submit with the button disabled; problems go next to their fields and into the notice.
function submitting(form, action, success) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const button = form.querySelector('button[type="submit"]');
    if (button.disabled) {
      return;
    }
    button.disabled = true;
    clearFieldErrors(form);
    try {
      await action(form);
      form.reset();
      clearNotice();
      showInfo(success);
      byId('catalog-title').focus();
    } catch (problem) {
      // With field errors the focus goes to the first wrong field, whose message is read with it.
      const focused = markFieldErrors(form, problem.fieldErrors ?? []);
      showProblem(problem, { focus: !focused });
    } finally {
      button.disabled = false;
    }
  });
}

function clearFieldErrors(form) {
  form.querySelectorAll('.field-error').forEach((error) => {
    error.hidden = true;
    error.textContent = '';
  });
  form.querySelectorAll('[aria-invalid]').forEach((input) => {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  });
}

function markFieldErrors(form, fieldErrors) {
  let first = null;
  for (const error of fieldErrors) {
    const input = error.field ? form.elements.namedItem(error.field) : null;
    const message = input ? byId(`${input.id}-error`) : null;
    if (!input || !message) {
      continue;
    }
    message.textContent = message.textContent ? `${message.textContent} ${error.message}` : error.message;
    message.hidden = false;
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', message.id);
    first ??= input;
  }
  first?.focus();
  return first !== null;
}
