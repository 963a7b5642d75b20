// The shop's Mini App: plain JavaScript, no framework. Everything it shows comes from the bot's
// API, which checks Telegram's signed initData on every call and works out every price itself;
// the page only sends what the customer typed and the confirmation token it was given.
'use strict';

(function () {
  const TELEGRAM_SCRIPT = 'https://telegram.org/js/telegram-web-app.js';
  /// Quiet time after typing before the total (or a search) is asked for.
  const TYPING_PAUSE_MS = 300;
  /// How often an open list of orders is refreshed, for live status and progress.
  const ORDERS_REFRESH_MS = 15000;

  let tg = null;
  let initData = '';
  let texts = {};
  let textsLang = '';
  let catalogue = null;
  /// Views to go back to, newest last; each is a function that draws it again.
  const history = [];
  let current = null;
  let mainAction = null;
  let mainText = '';
  let refreshTimer = null;

  const view = () => document.getElementById('view');
  const t = (key) => texts[key] || '';

  function el(tag, props, children) {
    const node = document.createElement(tag);
    Object.assign(node, props || {});
    for (const child of children || []) {
      node.append(child);
    }
    return node;
  }

  // Telegram's script is loaded only when the page does not have its Mini App object already.
  function boot() {
    if (window.Telegram && window.Telegram.WebApp) {
      start();
      return;
    }
    const script = el('script', { src: TELEGRAM_SCRIPT });
    script.onload = start;
    script.onerror = start;
    document.head.append(script);
  }

  async function api(method, path, body) {
    const response = await fetch('api/' + path, {
      method,
      headers: { Authorization: 'tma ' + initData, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    let data = {};
    try {
      data = await response.json();
    } catch (_) {
      data = {};
    }
    if (!response.ok) {
      const error = new Error(data.message || '');
      error.data = data;
      throw error;
    }
    return data;
  }

  function explain(error) {
    if (error.data && error.data.error === 'not_signed') {
      return t('webapp-not-signed');
    }
    return error.message || t('webapp-failed');
  }

  async function loadTexts(lang) {
    if (lang === textsLang) {
      return;
    }
    const response = await fetch('api/texts/' + encodeURIComponent(lang));
    const data = await response.json();
    texts = data.texts;
    textsLang = data.lang;
    document.documentElement.lang = data.lang;
    document.documentElement.dir = data.dir;
    document.title = t('webapp-title');
    for (const node of document.querySelectorAll('[data-text]')) {
      node.textContent = t(node.dataset.text);
    }
  }

  function applyTheme() {
    const params = (tg && tg.themeParams) || {};
    for (const [name, value] of Object.entries(params)) {
      document.documentElement.style.setProperty('--tg-theme-' + name.replace(/_/g, '-'), value);
    }
  }

  async function start() {
    tg = (window.Telegram && window.Telegram.WebApp) || null;
    initData = (tg && tg.initData) || '';
    const user = tg && tg.initDataUnsafe && tg.initDataUnsafe.user;
    await loadTexts((user && user.language_code) || 'en');
    if (tg) {
      tg.ready();
      tg.expand();
      applyTheme();
      tg.onEvent('themeChanged', applyTheme);
      tg.BackButton.onClick(back);
      tg.MainButton.onClick(() => mainAction && mainAction());
    }
    if (!initData) {
      fatal(t('webapp-not-signed'));
      return;
    }
    try {
      const session = await api('GET', 'session');
      // The customer's language in the bot wins over Telegram's.
      await loadTexts(session.lang);
    } catch (error) {
      fatal(explain(error));
      // Outside the required channel: the chat's join link, opened by Telegram.
      const link = error.data && error.data.link;
      if (link && tg) {
        setMain(t('channel-btn-join'), () => tg.openTelegramLink(link));
      }
      return;
    }
    const tabs = document.getElementById('tabs');
    tabs.hidden = false;
    for (const button of tabs.querySelectorAll('button')) {
      button.onclick = () => openTab(button.dataset.tab);
    }
    openTab('shop');
  }

  function fatal(message) {
    document.getElementById('tabs').hidden = true;
    hideMain();
    view().replaceChildren(el('div', { className: 'card', id: 'refused', textContent: message }));
  }

  function notice(message) {
    const node = document.getElementById('notice');
    node.textContent = message;
    node.hidden = !message;
    if (message) {
      setTimeout(() => {
        if (node.textContent === message) {
          node.hidden = true;
        }
      }, 6000);
    }
  }

  function setMain(text, action) {
    mainAction = action;
    mainText = text;
    if (tg) {
      tg.MainButton.setText(text);
      tg.MainButton.show();
    }
  }

  function hideMain() {
    mainAction = null;
    if (tg) {
      tg.MainButton.hideProgress();
      tg.MainButton.hide();
    }
  }

  // Draws a view; `remember` keeps the one on screen, as it is (what was typed included), to
  // come back to.
  function show(draw, remember) {
    if (remember && current) {
      history.push({ draw: current, nodes: [...view().childNodes], main: mainAction && { text: mainText, action: mainAction } });
    }
    current = draw;
    leave();
    draw();
  }

  function leave() {
    clearInterval(refreshTimer);
    hideMain();
    notice('');
    if (tg) {
      history.length ? tg.BackButton.show() : tg.BackButton.hide();
    }
    window.scrollTo(0, 0);
  }

  function back() {
    const previous = history.pop();
    if (!previous) {
      return;
    }
    current = previous.draw;
    leave();
    view().replaceChildren(...previous.nodes);
    if (previous.main) {
      setMain(previous.main.text, previous.main.action);
    }
  }

  function openTab(tab) {
    for (const button of document.querySelectorAll('#tabs button')) {
      button.classList.toggle('active', button.dataset.tab === tab);
    }
    history.length = 0;
    current = null;
    show({ shop: showShop, orders: showOrders, balance: showBalance }[tab], false);
  }

  function serviceList(services) {
    return el(
      'ul',
      { className: 'list' },
      services.map((service) =>
        el('li', {}, [
          el('button', { type: 'button', className: 'service', onclick: () => show(() => showService(service), true) }, [
            el('span', { textContent: service.name }),
            el('span', { className: 'price', textContent: service.price }),
          ]),
        ]),
      ),
    );
  }

  async function showShop() {
    const search = el('input', { type: 'search', id: 'search', placeholder: t('webapp-search') });
    const results = el('div', { id: 'results' });
    view().replaceChildren(search, results);
    try {
      catalogue = catalogue || (await api('GET', 'catalogue'));
    } catch (error) {
      notice(explain(error));
      return;
    }
    const categories = () =>
      el(
        'ul',
        { className: 'list' },
        catalogue.categories.map((category) =>
          el('li', {}, [
            el('button', { type: 'button', className: 'category', onclick: () => show(() => showCategory(category), true) }, [
              el('span', { textContent: category.name }),
              el('span', { className: 'price', textContent: category.services.length.toLocaleString(document.documentElement.lang) }),
            ]),
          ]),
        ),
      );
    results.replaceChildren(categories());
    let pause = null;
    search.oninput = () => {
      clearTimeout(pause);
      pause = setTimeout(async () => {
        const query = search.value.trim();
        if (!query) {
          results.replaceChildren(categories());
          return;
        }
        try {
          const found = await api('POST', 'search', { query });
          if (search.value.trim() !== query) {
            return;
          }
          results.replaceChildren(
            found.services.length ? serviceList(found.services) : el('p', { className: 'hint', textContent: t('webapp-nothing-found') }),
          );
        } catch (error) {
          notice(explain(error));
        }
      }, TYPING_PAUSE_MS);
    };
  }

  function showCategory(category) {
    view().replaceChildren(el('h2', { textContent: category.name }), serviceList(category.services));
  }

  function field(name, labelText, input) {
    input.id = name;
    input.name = name;
    const error = el('div', { className: 'error', id: name + '-error' });
    return { node: el('div', {}, [el('label', { htmlFor: name, textContent: labelText }), input, error]), input, error };
  }

  function showService(service) {
    const fields = { link: field('link', t('webapp-link'), el('input', { type: 'url', inputMode: 'url', autocomplete: 'off' })) };
    if (service.form === 'comments') {
      fields.comments = field('comments', t('webapp-comments'), el('textarea'));
    } else {
      if (service.form === 'poll') {
        fields.answer_number = field('answer_number', t('webapp-answer-number'), el('input', { inputMode: 'numeric' }));
      }
      fields.quantity = field('quantity', t('webapp-quantity'), el('input', { inputMode: 'numeric' }));
    }
    const total = el('div', { className: 'total', id: 'total' });
    const card = el('div', { className: 'card' }, [
      el('h2', { textContent: service.name }),
      el('div', { className: 'price', textContent: service.price }),
      el('div', { className: 'hint', textContent: service.limits }),
      el('p', { textContent: service.description || '' }),
    ]);
    view().replaceChildren(
      card,
      el('p', { className: 'hint', textContent: service.link_hint }),
      ...Object.values(fields).map((f) => f.node),
      total,
    );
    const form = () => {
      const values = { service_id: service.id };
      for (const [name, f] of Object.entries(fields)) {
        values[name] = f.input.value;
      }
      return values;
    };
    const showErrors = (error) => {
      for (const f of Object.values(fields)) {
        f.error.textContent = '';
      }
      const data = error && error.data;
      if (data && data.error === 'input' && fields[data.field]) {
        fields[data.field].error.textContent = data.message;
        return true;
      }
      return false;
    };
    // The total as it is typed, worked out by the server.
    let pause = null;
    const amount = fields.quantity || fields.comments;
    amount.input.oninput = () => {
      clearTimeout(pause);
      pause = setTimeout(async () => {
        const values = form();
        try {
          const price = await api('POST', 'price', values);
          amount.error.textContent = '';
          total.textContent = t('webapp-total') + ': ' + price.total;
        } catch (error) {
          total.textContent = '';
          if (error.data && error.data.field === (fields.quantity ? 'quantity' : 'comments')) {
            amount.error.textContent = error.data.message;
          }
        }
      }, TYPING_PAUSE_MS);
    };
    setMain(t('webapp-continue'), async () => {
      try {
        const quote = await api('POST', 'quote', form());
        showErrors(null);
        show(() => showConfirmation(quote), true);
      } catch (error) {
        if (!showErrors(error)) {
          notice(explain(error));
        }
      }
    });
  }

  function showConfirmation(quote) {
    const result = el('div', { className: 'card', id: 'result', hidden: true });
    view().replaceChildren(el('div', { className: 'card', id: 'confirmation', textContent: quote.text }), result);
    setMain(quote.short ? t('webapp-top-up') : t('btn-confirm'), async () => {
      if (tg) {
        tg.MainButton.showProgress();
      }
      try {
        const outcome = await api('POST', 'orders', { token: quote.token });
        // A double tap sends the confirmation twice; the bot places it once, and the answer
        // worth reading is how placing it went, not that it was already placed.
        if (result.dataset.status && outcome.status === 'already_placed') {
          return;
        }
        result.textContent = outcome.message;
        result.dataset.status = outcome.status;
        result.hidden = false;
        if (outcome.status === 'top_up') {
          setMain(t('webapp-open-chat'), () => tg && tg.close());
        } else {
          setMain(t('btn-my-orders'), () => openTab('orders'));
        }
      } catch (error) {
        notice(explain(error));
      } finally {
        if (tg) {
          tg.MainButton.hideProgress();
        }
      }
    });
  }

  async function showOrders() {
    const draw = async () => {
      try {
        const listed = await api('GET', 'orders');
        if (!listed.orders.length) {
          view().replaceChildren(el('p', { className: 'hint', textContent: t('orders-empty') }));
          return;
        }
        view().replaceChildren(
          el(
            'ul',
            { className: 'list', id: 'orders' },
            listed.orders.map((order) =>
              el('li', {}, [
                el('button', { type: 'button', className: 'order', onclick: () => show(() => showOrder(order.id), true) }, [
                  el('span', {}, [el('bdi', { textContent: '#' + order.id }), ' ' + order.service]),
                  el('span', { className: 'price', textContent: order.state + (order.progress ? ' ' + order.progress : '') }),
                ]),
              ]),
            ),
          ),
        );
      } catch (error) {
        notice(explain(error));
      }
    };
    await draw();
    refreshTimer = setInterval(draw, ORDERS_REFRESH_MS);
  }

  async function showOrder(id) {
    try {
      const order = await api('GET', 'orders/' + id);
      const actions = el('div', { className: 'row' });
      const act = (what, label) =>
        el('button', {
          type: 'button',
          textContent: label,
          onclick: async () => {
            try {
              const done = await api('POST', 'orders/' + id + '/' + what);
              notice(done.message);
              showOrder(id);
            } catch (error) {
              notice(explain(error));
            }
          },
        });
      if (order.refill) {
        actions.append(act('refill', t('action-btn-refill')));
      }
      if (order.cancel) {
        actions.append(act('cancel', t('action-btn-cancel')));
      }
      view().replaceChildren(el('div', { className: 'card', id: 'order', textContent: order.text }), actions);
    } catch (error) {
      notice(explain(error));
    }
  }

  async function showBalance() {
    try {
      const account = await api('GET', 'account');
      const rows = account.ledger.length
        ? account.ledger.map((line) => el('li', { className: 'card', textContent: line }))
        : [el('li', { className: 'hint', textContent: t('balance-no-movements') })];
      view().replaceChildren(
        el('h2', { textContent: t('webapp-your-balance') }),
        el('div', { className: 'total', id: 'balance', textContent: account.balance }),
        el('h2', { textContent: t('webapp-movements') }),
        el('ul', { className: 'list' }, rows),
      );
    } catch (error) {
      notice(explain(error));
    }
  }

  boot();
})();
