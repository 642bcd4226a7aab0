// "My orders": the shopper's latest orders, polled while any is PENDING so that CONFIRMED or REJECTED shows up
// without a reload. An order just placed travels through Kafka before order-service lists it: until then it is
// shown from what this page sent.
import { byId, h, money, replaceKeepingFocus } from './dom.js';
import { describe, product } from './catalog.js';
import { showInfo, showProblem } from './notice.js';
import { authorizedCall, currentUser } from './session.js';

const SHOWN = 10;
const FAST_POLL_MS = 1000;
const SLOW_POLL_MS = 5000;
const FAST_POLL_FOR_MS = 60_000;
const RELEASE_WATCH_MS = 30_000;

const REASONS = {
  INSUFFICIENT_STOCK: 'Not enough stock for at least one product.',
  UNKNOWN_PRODUCT: 'A product in the order no longer exists.',
  CURRENCY_MISMATCH: 'Products priced in different currencies cannot be ordered together.',
  ORDER_CANCELLED: 'It was cancelled before it was placed.',
};
const CANCELLABLE = new Set(['PENDING', 'CONFIRMED']);

let orders = [];
let totalOrders = 0;
// Orders accepted by the API but not listed by order-service yet: id -> { items, createdAt }.
const placedHere = new Map();
const statusSeen = new Map();
let timer = null;
let pendingSince = null;
let refreshing = false;
let failing = false;
let stockChanged = () => {};
// Bumped at every sign-in and sign-out: an answer for an earlier session is dropped, never shown to the next one.
let generation = 0;
let rendered = null;

export function initOrders({ onStockChanged }) {
  stockChanged = onStockChanged;
  document.addEventListener('visibilitychange', () => {
    if (!document.hidden && currentUser()) {
      refreshOrders();
    }
  });
}

/** Signed in: show and load the orders. Signed out: forget them. */
export function ordersFor(user) {
  generation++;
  byId('orders').hidden = user === null;
  clearTimeout(timer);
  timer = null;
  orders = [];
  totalOrders = 0;
  placedHere.clear();
  statusSeen.clear();
  render();
  if (user !== null) {
    refreshing = false;
    refreshOrders();
  }
}

/** An order the API just accepted: shown PENDING at once, then followed until it settles. */
export function orderPlaced(orderId, lines) {
  placedHere.set(orderId, {
    items: lines.map((line) => ({ productId: line.productId, quantity: line.quantity })),
    createdAt: new Date().toISOString(),
  });
  statusSeen.set(orderId, 'PENDING');
  pendingSince = Date.now();
  render();
  // The checkout button just became disabled: move the focus to where the order's status shows.
  byId('orders-title').focus();
  refreshOrders();
}

export async function refreshOrders() {
  if (refreshing || !currentUser()) {
    return;
  }
  refreshing = true;
  clearTimeout(timer);
  timer = null;
  const asked = generation;
  try {
    const page = await authorizedCall('GET', `/api/orders?page=0&size=${SHOWN}`);
    await describe(page.content.flatMap((order) => order.items.map((item) => item.productId)));
    if (asked !== generation) {
      return;
    }
    orders = page.content;
    totalOrders = page.page.totalElements;
    orders.forEach((order) => placedHere.delete(order.id));
    const settled = noteStatuses();
    render();
    if (settled) {
      stockChanged();
    }
    failing = false;
  } catch (problem) {
    if (asked !== generation) {
      return;
    }
    // Said once per run of failures, without taking the focus: this runs in the background.
    if (currentUser() && !failing) {
      showProblem(problem, { heading: 'My orders', focus: false });
    }
    failing = true;
  } finally {
    if (asked === generation) {
      refreshing = false;
      schedule();
    }
  }
}

// True when an order left PENDING since the last look: its stock outcome changed the catalog.
function noteStatuses() {
  let settled = false;
  for (const order of orders) {
    if (statusSeen.get(order.id) === 'PENDING' && order.status !== 'PENDING') {
      settled = true;
    }
    statusSeen.set(order.id, order.status);
  }
  return settled;
}

function schedule() {
  const pending = placedHere.size > 0 || orders.some((order) => order.status === 'PENDING');
  if (!pending || !currentUser() || timer !== null) {
    if (!pending) {
      pendingSince = null;
    }
    return;
  }
  pendingSince ??= Date.now();
  const delay = Date.now() - pendingSince < FAST_POLL_FOR_MS ? FAST_POLL_MS : SLOW_POLL_MS;
  timer = setTimeout(() => {
    timer = null;
    refreshOrders();
  }, delay);
}

async function cancel(order, button) {
  button.disabled = true;
  button.textContent = 'Cancelling…';
  try {
    const cancelled = await authorizedCall('POST', `/api/orders/${encodeURIComponent(order.id)}/cancel`);
    orders = orders.map((candidate) => (candidate.id === cancelled.id ? cancelled : candidate));
    statusSeen.set(cancelled.id, cancelled.status);
    render();
    showInfo('Your order is cancelled.');
    byId('orders-title').focus();
    watchRelease(cancelled.id);
  } catch (problem) {
    button.disabled = false;
    button.textContent = 'Cancel order';
    showProblem(problem, { heading: 'The order was not cancelled' });
    refreshOrders();
  }
}

// A cancelled order's stock goes back through events: reload the catalog once product-service has released it.
async function watchRelease(orderId) {
  const until = Date.now() + RELEASE_WATCH_MS;
  while (Date.now() < until && currentUser()) {
    try {
      const order = await authorizedCall('GET', `/api/orders/${encodeURIComponent(orderId)}`);
      if ((order.history ?? []).some((change) => change.reason === 'STOCK_RELEASED')) {
        break;
      }
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, FAST_POLL_MS));
  }
  stockChanged();
  refreshOrders(); // in case a list fetched before the cancellation was shown after it
}

function render() {
  const shown = [
    ...[...placedHere].map(([id, placed]) => ({ id, status: 'PENDING', items: placed.items,
      createdAt: placed.createdAt, total: null, local: true })),
    ...orders,
  ];
  byId('orders-empty').hidden = shown.length > 0;
  // Polls answer the same list most of the time: redraw only what changed.
  const signature = JSON.stringify([shown, shown.map((order) => order.items.map(nameOf)), totalOrders]);
  if (signature === rendered) {
    return;
  }
  rendered = signature;
  const items = shown.map(orderItem);
  if (totalOrders > SHOWN) {
    items.push(h('li', { class: 'more' }, `Showing your ${SHOWN} most recent of ${totalOrders} orders.`));
  }
  replaceKeepingFocus(byId('order-list'), items, 'order-id');
}

function orderItem(order) {
  const status = order.status;
  return h('li', { class: `order ${status.toLowerCase()}`, dataset: { orderId: order.id, status } },
    h('div', { class: 'order-head' },
      h('span', { class: 'order-ref' }, `Order ${order.id.slice(0, 8)}`),
      h('span', { class: `badge ${status.toLowerCase()}` }, label(status))),
    h('p', { class: 'when' }, new Date(order.createdAt).toLocaleString()),
    h('ul', { class: 'order-items' }, order.items.map((item) => h('li', {}, `${item.quantity} × ${nameOf(item)}`))),
    order.total !== null && order.total !== undefined
      ? h('p', { class: 'order-total' }, `Total ${money(order.total, order.currency)}`) : null,
    status === 'PENDING' ? h('p', { class: 'hint' }, 'Checking stock…') : null,
    status === 'REJECTED' ? h('p', { class: 'reason' },
      h('strong', {}, 'Rejected: '),
      REASONS[order.rejectionReason] ?? 'The shop could not accept this order.',
      order.rejectionReason ? h('span', { class: 'code' }, ` (${order.rejectionReason})`) : null) : null,
    CANCELLABLE.has(status) && !order.local ? h('button', {
      type: 'button',
      class: 'cancel',
      'aria-label': `Cancel order ${order.id.slice(0, 8)}`,
      onclick: (event) => cancel(order, event.currentTarget),
    }, 'Cancel order') : null);
}

function label(status) {
  return status.charAt(0) + status.slice(1).toLowerCase();
}

function nameOf(item) {
  return product(item.productId)?.name ?? `product ${item.productId.slice(0, 8)}`;
}
