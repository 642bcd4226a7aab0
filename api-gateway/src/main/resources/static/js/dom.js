// Small DOM helpers. Text always goes in as text nodes (never innerHTML), so product data cannot inject markup.

/** Creates an element: h('li', { class: 'x', dataset: { id } }, 'text', child). */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else if (name.startsWith('on')) {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, '');
    } else {
      element.setAttribute(name, String(value));
    }
  }
  element.append(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

export function byId(id) {
  return document.getElementById(id);
}

const currencyFormats = new Map();

/** An amount in its currency, in the reader's locale. */
export function money(amount, currency) {
  if (amount === null || amount === undefined) {
    return '';
  }
  if (!currencyFormats.has(currency)) {
    currencyFormats.set(currency, new Intl.NumberFormat(undefined, { style: 'currency', currency }));
  }
  return currencyFormats.get(currency).format(Number(amount));
}

/**
 * Replaces a list's items and keeps the keyboard focus on the same control of the same item (found by the items'
 * data-KEY attribute), so that a list refreshed in the background never throws the focus back to the page's start.
 */
export function replaceKeepingFocus(list, items, key) {
  const active = document.activeElement;
  const item = active && list.contains(active) ? active.closest(`[data-${key}]`) : null;
  const itemKey = item?.getAttribute(`data-${key}`);
  const control = active?.classList?.length ? `.${[...active.classList].map((c) => CSS.escape(c)).join('.')}` : null;
  list.replaceChildren(...items);
  if (itemKey && control) {
    list.querySelector(`[data-${key}="${CSS.escape(itemKey)}"] ${control}`)?.focus();
  }
}
