// The cart and the checkout. The cart is kept in this tab's sessionStorage. A checkout sends one
// Idempotency-Key; the same key is sent again if the shopper retries after a failure, and a new one only when
// the cart changes or the order went through, so a double click or a retry never places two orders.
import { newIdempotencyKey } from './api.js';
import { byId, h, money } from './dom.js';
import { showInfo, showProblem } from './notice.js';
import { authorizedCall, currentUser } from './session.js';

const STORAGE_KEY = 'shop.cart';
const MAX_QUANTITY = 1000; // the API's limit per line

let lines = restore();
// What the shop said about each line of a refused checkout (e.g. "only 2 in stock"), by product id.
let refusals = new Map();
let checkoutKey = null;
let placing = false;
let placed = () => {};

export function initCart({ onPlaced }) {
  placed = onPlaced;
  byId('checkout').addEventListener('click', checkout);
  render();
}

/** Adds one unit of a product. */
export function addToCart(item) {
  const line = lines.find((candidate) => candidate.productId === item.id);
  if (line) {
    line.quantity = Math.min(MAX_QUANTITY, line.quantity + 1);
  } else {
    lines.push({ productId: item.id, name: item.name, price: item.price, currency: item.currency,
      stock: item.stock, quantity: 1 });
  }
  changed();
  showInfo(`${item.name} is in your cart.`);
}

/** Takes the newest names, prices and stock figures of the products in the cart. */
export function updateProducts(products) {
  let touched = false;
  for (const item of products) {
    const line = lines.find((candidate) => candidate.productId === item.id);
    if (line) {
      Object.assign(line, { name: item.name, price: item.price, currency: item.currency, stock: item.stock });
      touched = true;
    }
  }
  if (touched) {
    save();
    render();
  }
}

/** Re-evaluates whether the order can be placed (after signing in or out). */
export function refreshCheckout() {
  render();
}

async function checkout() {
  if (placing || lines.length === 0) {
    return;
  }
  placing = true;
  render(); // disables the button before anything else can happen
  checkoutKey ??= newIdempotencyKey();
  const sent = lines.slice();
  const items = sent.map((line) => ({ productId: line.productId, quantity: line.quantity }));
  refusals = new Map();
  try {
    const accepted = await authorizedCall('POST', '/api/orders', {
      body: { items },
      headers: { 'Idempotency-Key': checkoutKey },
    });
    const ordered = lines;
    lines = [];
    checkoutKey = null;
    save();
    showInfo('Thank you! Your order is placed; its status updates below.');
    placed(accepted.orderId, ordered);
  } catch (problem) {
    showProblem(byLine(problem, sent), { heading: 'Your order was not placed' });
  } finally {
    placing = false;
    render();
  }
}

// The API names refused lines by position (items[1].quantity): name them by product, and keep each message for
// its cart line.
function byLine(problem, sent) {
  const fieldErrors = (problem.fieldErrors ?? []).map((error) => {
    const match = /^items\[(\d+)\]/.exec(error.field ?? '');
    const line = match ? sent[Number(match[1])] : undefined;
    if (!line) {
      return error;
    }
    refusals.set(line.productId, error.message);
    return { field: line.name, message: error.message };
  });
  return Object.assign(Object.create(Object.getPrototypeOf(problem)), problem, { fieldErrors });
}

function changed() {
  checkoutKey = null; // a different cart is a different order
  refusals = new Map();
  save();
  render();
}

function render() {
  const list = byId('cart-lines');
  list.replaceChildren(...lines.map(lineItem));
  const count = lines.reduce((sum, line) => sum + line.quantity, 0);
  byId('cart-count').textContent = String(count);
  byId('cart-empty').hidden = lines.length > 0;
  const total = byId('cart-total');
  total.hidden = lines.length === 0;
  total.textContent = `Total ${totals()}`;
  const signedIn = currentUser() !== null;
  const button = byId('checkout');
  button.disabled = placing || lines.length === 0 || !signedIn;
  button.textContent = placing ? 'Placing your order…' : 'Place order';
  button.setAttribute('aria-busy', String(placing));
  byId('checkout-hint').hidden = signedIn || lines.length === 0;
}

function lineItem(line) {
  const inputId = `quantity-${line.productId}`;
  const warningId = `stock-warning-${line.productId}`;
  const errorId = `refusal-${line.productId}`;
  const refusal = refusals.get(line.productId);
  const short = typeof line.stock === 'number' && line.quantity > line.stock;
  const describedBy = [short ? warningId : null, refusal ? errorId : null].filter(Boolean).join(' ');
  return h('li', { class: 'cart-line', dataset: { productId: line.productId } },
    h('span', { class: 'line-name' }, line.name),
    h('span', { class: 'line-controls' },
      h('label', { for: inputId, class: 'visually-hidden' }, `Quantity of ${line.name}`),
      h('input', {
        id: inputId,
        class: 'quantity',
        type: 'number',
        inputmode: 'numeric',
        min: 1,
        max: MAX_QUANTITY,
        value: line.quantity,
        'aria-describedby': describedBy || null,
        'aria-invalid': refusal ? 'true' : null,
        onchange: (event) => setQuantity(line, event.target),
      }),
      h('span', { class: 'line-price' }, money(multiply(line.price, line.quantity), line.currency)),
      h('button', {
        type: 'button',
        class: 'link-button remove',
        'aria-label': `Remove ${line.name} from the cart`,
        onclick: () => remove(line),
      }, 'Remove')),
    short ? h('span', { id: warningId, class: 'line-warning' },
      line.stock === 0 ? 'Out of stock.' : `Only ${line.stock} in stock.`) : null,
    refusal ? h('span', { id: errorId, class: 'line-error' }, `Not ordered: ${refusal}`) : null);
}

function setQuantity(line, input) {
  const quantity = Number.parseInt(input.value, 10);
  if (!Number.isInteger(quantity) || quantity < 1) {
    remove(line);
    return;
  }
  line.quantity = Math.min(MAX_QUANTITY, quantity);
  changed();
  byId(`quantity-${line.productId}`)?.focus();
}

function remove(line) {
  lines = lines.filter((candidate) => candidate !== line);
  changed();
  byId('cart-title').focus();
}

// Totals per currency, in cents so that no floating-point error shows.
function totals() {
  const sums = new Map();
  for (const line of lines) {
    sums.set(line.currency, (sums.get(line.currency) ?? 0) + Math.round(Number(line.price) * 100) * line.quantity);
  }
  return [...sums].map(([currency, cents]) => money(cents / 100, currency)).join(' + ');
}

function multiply(price, quantity) {
  return (Math.round(Number(price) * 100) * quantity) / 100;
}

function save() {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(lines));
}

function restore() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY));
    return Array.isArray(saved) ? saved.filter((line) => line && line.productId && line.quantity > 0) : [];
  } catch {
    return [];
  }
}
