// The catalog: one page of products at a time, sorted by name, filtered by the search text, with stock shown.
import { call } from './api.js';
import { byId, h, money, replaceKeepingFocus } from './dom.js';
import { showProblem } from './notice.js';

const PAGE_SIZE = 12;
const LOW_STOCK = 5;

const state = { query: '', page: 0, totalPages: 0, totalElements: 0 };
// Every product seen, by id: the cart and the orders show names and prices from here.
const known = new Map();
const listeners = new Set();
let loads = 0;
let addToCart = () => {};

export function initCatalog({ onAdd }) {
  addToCart = onAdd;
  byId('search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    state.query = byId('search-text').value.trim();
    state.page = 0;
    loadCatalog();
  });
  byId('previous-page').addEventListener('click', () => turnPage(-1));
  byId('next-page').addEventListener('click', () => turnPage(1));
  loadCatalog();
}

/** Calls fn(products) with each page of products loaded (to keep the cart's stock figures current). */
export function onProductsLoaded(fn) {
  listeners.add(fn);
}

/** The product as last seen, or undefined. */
export function product(id) {
  return known.get(id);
}

/** Fetches the products with these ids that have not been seen yet (order lines name products of any page). */
export async function describe(ids) {
  const missing = [...new Set(ids)].filter((id) => !known.has(id));
  await Promise.all(missing.map(async (id) => {
    try {
      known.set(id, await call('GET', `/api/products/${encodeURIComponent(id)}`));
    } catch {
      // A product that cannot be read is shown by its id; the order itself is still right.
    }
  }));
}

/** Reloads the page shown (after an order changed the stock). */
export async function loadCatalog() {
  const load = ++loads;
  const params = new URLSearchParams({ page: String(state.page), size: String(PAGE_SIZE) });
  if (state.query) {
    params.set('q', state.query);
  }
  byId('products').setAttribute('aria-busy', 'true');
  try {
    const page = await call('GET', `/api/products?${params}`);
    if (load !== loads) {
      return; // a newer search or page was asked for meanwhile
    }
    state.totalPages = page.page.totalPages;
    state.totalElements = page.page.totalElements;
    if (state.page > 0 && state.page >= state.totalPages) {
      state.page = Math.max(0, state.totalPages - 1);
      loadCatalog();
      return;
    }
    page.content.forEach((item) => known.set(item.id, item));
    render(page.content);
    listeners.forEach((fn) => fn(page.content));
  } catch (problem) {
    if (load === loads) {
      byId('catalog-status').textContent = 'The catalog could not be loaded.';
      showProblem(problem, { heading: 'Catalog', focus: false });
    }
  } finally {
    if (load === loads) {
      byId('products').removeAttribute('aria-busy');
    }
  }
}

function turnPage(delta) {
  state.page = Math.min(Math.max(0, state.page + delta), Math.max(0, state.totalPages - 1));
  loadCatalog();
}

function render(products) {
  replaceKeepingFocus(byId('products'), products.map(productItem), 'product-id');
  const count = state.totalElements;
  const status = state.query
    ? `${count} ${count === 1 ? 'product matches' : 'products match'} “${state.query}”.`
    : `${count} ${count === 1 ? 'product' : 'products'}.`;
  byId('catalog-status').textContent = count === 0 && state.query ? `No product matches “${state.query}”.` : status;
  const previous = byId('previous-page');
  const next = byId('next-page');
  const hadFocus = document.activeElement;
  previous.disabled = state.page === 0;
  next.disabled = state.page + 1 >= state.totalPages;
  byId('page-info').textContent = state.totalPages > 0 ? `Page ${state.page + 1} of ${state.totalPages}` : '';
  // A pager button that just became disabled would drop the keyboard focus to the page's start.
  if ((hadFocus === previous || hadFocus === next) && hadFocus.disabled) {
    const other = hadFocus === next ? previous : next;
    (other.disabled ? byId('catalog-title') : other).focus();
  }
}

function productItem(item) {
  const stockClass = item.stock === 0 ? 'out' : item.stock <= LOW_STOCK ? 'low' : 'plenty';
  const stockText = item.stock === 0 ? 'Out of stock' : `${item.stock} in stock`;
  return h('li', { class: 'product', dataset: { productId: item.id } },
    h('h3', { class: 'product-name' }, item.name),
    h('p', { class: 'sku' }, item.sku),
    item.description ? h('p', { class: 'description' }, item.description) : null,
    h('p', { class: 'product-foot' },
      h('span', { class: 'price' }, money(item.price, item.currency)),
      h('span', { class: `stock ${stockClass}`, dataset: { stock: String(item.stock) } }, stockText)),
    h('button', {
      type: 'button',
      class: 'add',
      disabled: item.stock === 0,
      'aria-label': `Add ${item.name} to the cart`,
      onclick: () => addToCart(item),
    }, 'Add to cart'));
}
