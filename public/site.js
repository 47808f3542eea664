// 政策文件全文检索: small enhancements over server-rendered pages; everything works without them.
'use strict';

(function () {
  // Search box suggestions: a combobox with a listbox (arrow keys, Enter, Escape).
  function setupSuggest(input) {
    var list = document.getElementById(input.getAttribute('aria-controls'));
    if (!list) return;
    var timer = 0;
    var controller = null;
    var items = [];
    var active = -1;

    function close() {
      list.hidden = true;
      list.textContent = '';
      items = [];
      active = -1;
      input.setAttribute('aria-expanded', 'false');
      input.removeAttribute('aria-activedescendant');
    }

    function highlight(index) {
      active = index;
      items.forEach(function (li, i) {
        li.setAttribute('aria-selected', i === index ? 'true' : 'false');
      });
      if (index >= 0) input.setAttribute('aria-activedescendant', items[index].id);
      else input.removeAttribute('aria-activedescendant');
    }

    function choose(text) {
      input.value = text;
      close();
      if (input.form) input.form.submit();
    }

    function show(suggestions) {
      close();
      if (suggestions.length === 0) return;
      suggestions.forEach(function (text, i) {
        var li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.setAttribute('aria-selected', 'false');
        li.textContent = text;
        li.addEventListener('mousedown', function (event) {
          event.preventDefault();
          choose(text);
        });
        list.appendChild(li);
        items.push(li);
      });
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (controller) controller.abort();
      if (q === '' || q.length > 200) {
        close();
        return;
      }
      controller = new AbortController();
      fetch('/api/suggest?q=' + encodeURIComponent(q), { signal: controller.signal, headers: { Accept: 'application/json' } })
        .then(function (res) {
          return res.ok ? res.json() : { suggestions: [] };
        })
        .then(function (body) {
          if (input.value.trim() === q) show(body.suggestions || []);
        })
        .catch(function () {
          /* aborted or offline: no suggestions */
        });
    }

    input.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(fetchSuggestions, 150);
    });
    input.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        if (items.length === 0) return;
        event.preventDefault();
        var step = event.key === 'ArrowDown' ? 1 : -1;
        // -1 is the text box itself: the list wraps through it.
        var next = active + step;
        if (next >= items.length) next = -1;
        else if (next < -1) next = items.length - 1;
        highlight(next);
      } else if (event.key === 'Enter' && active >= 0 && items[active]) {
        event.preventDefault();
        choose(items[active].textContent);
      } else if (event.key === 'Escape' && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener('blur', function () {
      setTimeout(close, 100);
    });
  }

  // Copying: citations, paragraph links. The Clipboard API needs a secure context; elsewhere
  // (plain HTTP on a public address) the text is selected and copied the old way.
  function copyBySelection(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'visually-hidden';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try {
      ok = document.execCommand('copy');
    } catch {
      ok = false;
    }
    document.body.removeChild(area);
    return ok;
  }

  function copy(text, status, message) {
    function done(ok) {
      if (!status) return;
      status.textContent = ok ? message : '无法自动复制，请手动选中复制';
      setTimeout(function () {
        status.textContent = '';
      }, 3000);
    }
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(copyBySelection(text)); });
    } else {
      done(copyBySelection(text));
    }
  }

  function statusNear(el) {
    var tools = el.closest('.tools');
    return tools ? tools.querySelector('.copy-status') : null;
  }

  function setupCopying() {
    document.querySelectorAll('details[data-cite] > summary').forEach(function (summary) {
      summary.setAttribute('title', '复制 GB/T 7714 格式引用');
      summary.addEventListener('click', function () {
        var details = summary.parentElement;
        if (details.open) return; // closing: nothing to copy
        var text = details.querySelector('.cite-text');
        if (text) copy(text.textContent, statusNear(details), '已复制引用');
      });
    });
    document.querySelectorAll('button[data-copy-link]').forEach(function (button) {
      button.hidden = false;
      button.addEventListener('click', function () {
        copy(button.getAttribute('data-copy-link'), statusNear(button), '已复制段落链接');
      });
    });
  }

  // The sticky match bar wraps to two or three lines on a phone: a paragraph jumped to must land
  // below it, not under it. Its height sets the paragraphs' scroll margin (CSS keeps a guess for
  // pages without JavaScript), kept up to date as the bar wraps differently.
  function keepClearOfBar(bar) {
    var root = document.documentElement;
    var last = -1;
    function measure() {
      var height = Math.ceil(bar.getBoundingClientRect().height);
      if (height === last) return;
      last = height;
      root.style.setProperty('--match-bar-height', height + 'px');
    }
    measure();
    if (window.ResizeObserver) new window.ResizeObserver(measure).observe(bar);
    else window.addEventListener('resize', measure);
    // The browser may have scrolled to the fragment before the margin was known.
    var target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    if (target) target.scrollIntoView();
  }

  // Reader: previous / next match relative to the paragraph in view, with the position shown.
  // A long report is read in parts: the matches on this page carry their index among all of the
  // report's; a step past this page's first or last match, or round the end, goes to the part
  // holding it (the bar names those links).
  function setupMatchNav() {
    var bar = document.querySelector('[data-match-bar]');
    if (!bar) return;
    keepClearOfBar(bar);
    var matches = Array.prototype.slice.call(document.querySelectorAll('[data-match]'));
    var pos = bar.querySelector('[data-match-pos]');
    var total = Number(bar.getAttribute('data-total'));
    if (!(total > 0) || !pos) return;
    var before = Number(bar.getAttribute('data-before') || '-1');
    var after = Number(bar.getAttribute('data-after') || String(total));
    var byIndex = {};
    matches.forEach(function (el) { byIndex[el.getAttribute('data-match')] = el; });
    var current = -1;

    function indexOfHash() {
      var id = decodeURIComponent(location.hash.slice(1));
      if (!id) return -1;
      var el = document.getElementById(id);
      if (!el) return -1;
      if (el.hasAttribute('data-match')) return Number(el.getAttribute('data-match'));
      // A paragraph without a match: the first match after it.
      for (var i = 0; i < matches.length; i++) {
        if (el.compareDocumentPosition(matches[i]) & 4) return Number(matches[i].getAttribute('data-match')) - 0.5;
      }
      return after - 0.5;
    }

    function mark(index) {
      matches.forEach(function (el) { el.classList.remove('current'); });
      current = index;
      var el = Number.isInteger(index) ? byIndex[String(index)] : undefined;
      if (el) {
        el.classList.add('current');
        pos.textContent = '（' + (index + 1) + ' / ' + total + '）';
      } else {
        pos.textContent = '（– / ' + total + '）';
      }
    }

    // The link to a match in another part: only its neighbours and the two ends are reachable.
    function elsewhere(target) {
      if (target === before) return bar.getAttribute('data-before-href');
      if (target === after) return bar.getAttribute('data-after-href');
      if (target === 0) return bar.getAttribute('data-first-href');
      if (target === total - 1) return bar.getAttribute('data-last-href');
      return null;
    }

    function go(index) {
      var target = ((index % total) + total) % total;
      var el = byIndex[String(target)];
      if (!el) {
        var href = elsewhere(target);
        if (href) location.assign(href);
        return;
      }
      // A fragment navigation that replaces the history entry: :target follows, the back
      // button still leaves the report.
      location.replace('#' + el.id);
      el.setAttribute('tabindex', '-1');
      el.focus({ preventScroll: true });
      mark(target);
    }

    bar.querySelectorAll('[data-step]').forEach(function (link) {
      link.addEventListener('click', function (event) {
        event.preventDefault();
        var step = Number(link.getAttribute('data-step'));
        // No position yet: from the top of this part.
        if (current === -1) go(step > 0 ? before + 1 : before);
        else if (Number.isInteger(current)) go(current + step);
        else go(step > 0 ? Math.ceil(current) : Math.floor(current));
      });
    });
    window.addEventListener('hashchange', function () { mark(indexOfHash()); });
    mark(indexOfHash());
  }

  // Results page: paragraphs chosen for citation export, kept while paging (localStorage).
  // Without script the form still exports the boxes ticked on the page in view.
  function setupSelection() {
    var form = document.querySelector('form[data-selection]');
    if (!form) return;
    var KEY = 'cite-selection';
    var counter = form.querySelector('[data-selection-count]');
    var clear = form.querySelector('[data-selection-clear]');
    function load() {
      try {
        var list = JSON.parse(window.localStorage.getItem(KEY) || '[]');
        return Array.isArray(list) ? list.filter(function (v) { return typeof v === 'string'; }) : [];
      } catch {
        return [];
      }
    }
    function save(list) {
      try {
        window.localStorage.setItem(KEY, JSON.stringify(list));
      } catch {
        /* storage full or disabled: the page's own boxes still work */
      }
    }
    function show(list) {
      if (counter) counter.textContent = list.length > 0 ? '已选 ' + list.length + ' 段' : '未选择段落';
      if (clear) clear.hidden = list.length === 0;
    }
    var boxes = Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="p"]'));
    var chosen = load();
    boxes.forEach(function (box) {
      if (chosen.indexOf(box.value) >= 0) box.checked = true;
      else if (box.checked) chosen.push(box.value);
      box.addEventListener('change', function () {
        var list = load();
        var at = list.indexOf(box.value);
        if (box.checked && at < 0) list.push(box.value);
        if (!box.checked && at >= 0) list.splice(at, 1);
        save(list);
        show(list);
      });
    });
    save(chosen);
    show(chosen);
    if (clear) {
      clear.addEventListener('click', function () {
        save([]);
        boxes.forEach(function (box) { box.checked = false; });
        show([]);
      });
    }
    // On export, every choice travels in the order it was made, those of other pages too: the
    // page's own boxes step aside for the moment of submitting.
    form.addEventListener('submit', function () {
      form.querySelectorAll('input[data-carried]').forEach(function (input) { input.remove(); });
      boxes.forEach(function (box) { box.name = ''; });
      setTimeout(function () {
        boxes.forEach(function (box) { box.name = 'p'; });
      }, 0);
      load().forEach(function (value) {
        var input = document.createElement('input');
        input.type = 'hidden';
        input.name = 'p';
        input.value = value;
        input.setAttribute('data-carried', '');
        form.appendChild(input);
      });
    });
  }

  // On a phone the table of contents starts folded, so the report comes first.
  function setupToc() {
    var toc = document.querySelector('details[data-toc]');
    if (toc && window.matchMedia && window.matchMedia('(max-width: 719px)').matches) toc.open = false;
  }

  function init() {
    setupToc();
    document.querySelectorAll('input[data-suggest]').forEach(setupSuggest);
    setupCopying();
    setupMatchNav();
    setupSelection();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', init);
  else init();
})();
