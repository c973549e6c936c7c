/* The web editor's page (/admin/): Decap CMS set up from the generated configuration.
   Loaded before Decap's bundle (so Decap waits for CMS.init), run once the page is parsed. */
(function () {
  'use strict';
  window.CMS_MANUAL_INIT = true;

  function paths(entry, locales) {
    var path = entry.get('path') || '';
    /* Decap names an entry of a multiple_folders collection without its language folder */
    var match = /^(content\/[^/]+\/)(?:[a-z]{2}\/)?([^/]+\.md)$/.exec(path);
    if (!match) {
      return [path];
    }
    return locales.map(function (l) { return match[1] + l + '/' + match[2]; });
  }

  /* After a save: the content checks of the saved files, shown under the editor's toolbar. */
  function showChecks(entry, locales) {
    var box = document.getElementById('overstap-check');
    var wanted = paths(entry, locales);
    box.className = 'busy';
    box.textContent = 'Opgeslagen. De controle (invoke check) loopt…';
    fetch('/api/v1', {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ action: 'checkFiles', params: { paths: wanted } })
    }).then(function (r) { return r.json(); }).then(function (problems) {
      if (!Array.isArray(problems)) {
        box.className = 'has-problems';
        box.textContent = 'De controle kon niet lopen: ' + (problems.error || '?');
        return;
      }
      box.textContent = '';
      box.className = problems.length ? 'has-problems' : 'ok';
      var title = document.createElement('p');
      title.textContent = problems.length
        ? 'Opgeslagen, maar de controle vond ' + problems.length + ' probleem/problemen:'
        : 'Opgeslagen. De controle vond geen problemen.';
      box.appendChild(title);
      if (problems.length) {
        var list = document.createElement('ul');
        problems.forEach(function (p) {
          var li = document.createElement('li');
          li.textContent = p.path + ':' + p.line + ': ' + (p.field ? p.field + ': ' : '') +
            p.message + ' (' + p.hint + ') [' + p.code + ']';
          list.appendChild(li);
        });
        box.appendChild(list);
      }
      var close = document.createElement('button');
      close.type = 'button';
      close.textContent = 'Sluiten';
      close.addEventListener('click', function () { box.textContent = ''; box.className = ''; });
      box.appendChild(close);
    });
  }

  function fixedWidget(defaultLocale) {
    /* A value the editor fills in itself: the file's language (`{{locale}}`) or its type. */
    return window.createClass({
      want: function () {
        var value = this.props.field.get('value');
        return value === '{{locale}}' ? (this.props.locale || defaultLocale) : value;
      },
      sync: function () {
        var want = this.want();
        if (want && this.props.value !== want) {
          this.props.onChange(want);
        }
      },
      componentDidMount: function () { this.sync(); },
      componentDidUpdate: function () { this.sync(); },
      render: function () {
        return window.h('output', {
          id: this.props.forID, className: this.props.classNameWrapper + ' overstap-fixed'
        }, this.want());
      }
    });
  }

  /* Decap's raw Markdown editor is a text box without a name (axe: aria-input-field-name):
     it gets its field's label. */
  function nameTextBoxes() {
    var boxes = document.querySelectorAll('[aria-label="markdown field"] [role="textbox"]');
    Array.prototype.forEach.call(boxes, function (box) {
      var label = box.closest('[aria-label="markdown field"]').querySelector('label');
      if (label && box.getAttribute('aria-label') !== label.textContent) {
        box.setAttribute('aria-label', label.textContent);
      }
    });
  }

  function watchTextBoxes() {
    var queued = false;
    new MutationObserver(function () {
      if (!queued) {
        queued = true;
        window.requestAnimationFrame(function () { queued = false; nameTextBoxes(); });
      }
    }).observe(document.body, { childList: true, subtree: true });
  }

  function start() {
    watchTextBoxes();
    fetch('/admin/config.json').then(function (r) { return r.json(); }).then(function (conf) {
      var CMS = window.CMS;
      var format = new window.OverstapHeader.Format(conf.model.fields);
      var locales = conf.decap.i18n.locales;
      CMS.registerCustomFormat('overstap', 'md', {
        fromFile: function (text) { return format.fromFile(text); },
        toFile: function (data) { return format.toFile(data); }
      });
      CMS.registerWidget('overstap-fixed', fixedWidget(conf.decap.i18n.default_locale),
        function (props) { return window.h('span', null, props.value); });
      CMS.registerPreviewStyle('/admin/portal.css');
      CMS.registerEventListener({
        name: 'postSave',
        handler: function (args) { showChecks(args.entry, locales); }
      });
      CMS.init({ config: conf.decap });
    });
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
}());
