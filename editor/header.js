/* The portal's header format in JavaScript, for the web editor (Decap CMS custom format).

   The same rules as plugins/content_model/reader.py (split_header): `Field: value` lines,
   optionally between `---` lines, ended by a blank line; a line indented by four spaces or more
   continues the value above it. tests/test_editor_header.py runs `parse` with node over every
   content file and over generated headers and compares it with the Python reader.

   Saving is faithful: `fromFile` keeps the text it read (`__source`); `toFile` writes every
   field whose value did not change with its original lines, so an untouched file is written
   back byte for byte, and an edited field gets one canonical `Field: value` line. */
(function (root, factory) {
  'use strict';
  var api = factory();
  if (typeof module === 'object' && module.exports) {
    module.exports = api;
  } else {
    root.OverstapHeader = api;
  }
}(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  /* Python's str.isspace() characters (what str.strip() removes and re's \s matches). */
  var WS = '\\t\\n\\u000b\\u000c\\r\\u001c-\\u001f \\u0085\\u00a0\\u1680\\u2000-\\u200a' +
    '\\u2028\\u2029\\u202f\\u205f\\u3000';
  var STRIP = new RegExp('^[' + WS + ']+|[' + WS + ']+$', 'g');
  var META_RE = /^[ ]{0,3}([A-Za-z][A-Za-z0-9_-]*)[ \t]*:([^\n]*)$/;
  var CONT_RE = new RegExp('^[ ]{4,}([^' + WS + '][^\\n]*)$');
  var SOURCE = '__source';
  var BODY = 'body';

  function strip(text) {
    return text.replace(STRIP, '');
  }

  /* Text as the reader sees it: no byte-order mark, `\n` line endings. */
  function normalize(text) {
    if (text.charCodeAt(0) === 0xfeff) {
      text = text.slice(1);
    }
    return text.replace(/\r\n/g, '\n').replace(/\r/g, '\n');
  }

  /* {fenced, entries: [{line, name, value, first, last}], malformed: [line numbers],
     body, bodyLine, lines}; first/last: the 0-based lines an entry spans. */
  function parse(text) {
    var lines = normalize(text).split('\n');
    var entries = [];
    var malformed = [];
    var i = 0;
    var fenced = lines.length > 0 && strip(lines[0]) === '---';
    if (fenced) {
      i = 1;
    }
    var closed = -1;
    while (i < lines.length) {
      var line = lines[i];
      if (fenced && (strip(line) === '---' || strip(line) === '...')) {
        closed = i;
        i += 1;
        break;
      }
      if (!strip(line)) {
        break;
      }
      var match = META_RE.exec(line);
      var cont = CONT_RE.exec(line);
      if (match) {
        entries.push({ line: i + 1, name: match[1], value: strip(match[2]), first: i, last: i });
      } else if (cont && entries.length) {
        var last = entries[entries.length - 1];
        last.value = strip(last.value + ' ' + strip(cont[1]));
        last.last = i;
      } else {
        malformed.push(i + 1);
      }
      i += 1;
    }
    var headerEnd = i;
    while (i < lines.length && !strip(lines[i])) {
      i += 1;
    }
    return {
      fenced: fenced, closed: closed, entries: entries, malformed: entries.length ? malformed : [],
      headerEnd: headerEnd, body: lines.slice(i).join('\n'), bodyLine: i + 1, lines: lines
    };
  }

  /* The model: [{name, list}] in the schema's order (editor/config.py writes it). */
  function Format(fields) {
    this.fields = fields;
    this.byLower = {};
    for (var k = 0; k < fields.length; k += 1) {
      this.byLower[fields[k].name.toLowerCase()] = fields[k];
    }
  }

  Format.prototype.field = function (name) {
    return this.byLower[name.toLowerCase()] || null;
  };

  /* A header value as the editor holds it: a list field as an array of its values. */
  Format.prototype.toValue = function (name, raw) {
    var fld = this.field(name);
    if (fld && fld.list) {
      return raw.split(',').map(strip).filter(function (v) { return v !== ''; });
    }
    return raw;
  };

  Format.prototype.toText = function (name, value) {
    if (value === null || value === undefined) {
      return '';
    }
    if (Array.isArray(value)) {
      return value.map(function (v) { return strip(String(v)); })
        .filter(function (v) { return v !== ''; }).join(', ');
    }
    return strip(String(value)).replace(/\n+/g, ' ');
  };

  /* File text -> the editor's data: {Title: ..., Audiences: [...], body: ..., __source: text}.
     A field's key is its name as the schema spells it (`target-groups:` -> `Target-Groups`). */
  Format.prototype.fromFile = function (text) {
    var parsed = parse(text);
    var data = {};
    for (var k = 0; k < parsed.entries.length; k += 1) {
      var entry = parsed.entries[k];
      var fld = this.field(entry.name);
      var key = fld ? fld.name : entry.name;
      if (!(key in data)) {
        data[key] = this.toValue(key, entry.value);
      }
    }
    data[BODY] = parsed.body;
    data[SOURCE] = text;
    return data;
  };

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  /* The editor's data -> file text. Unchanged fields keep their lines; changed ones get one
     canonical line; new ones go where the schema puts them; an emptied field is left out.
     A translation the author has not begun (no title) gives '' and Decap writes no file. */
  Format.prototype.toFile = function (data) {
    var self = this;
    var source = typeof data[SOURCE] === 'string' ? data[SOURCE] : '';
    var body = typeof data[BODY] === 'string' ? data[BODY] : '';
    if (!source && !self.toText('Title', data.Title)) {
      return '';
    }
    var parsed = source ? parse(source) : null;
    var original = source ? self.fromFile(source) : {};
    var out = [];
    var written = {};
    var position = {};
    self.fields.forEach(function (f, n) { position[f.name] = n; });
    function line(key) {
      return key + ': ' + self.toText(key, data[key]);
    }
    function present(key) {
      return key in data && key !== BODY && key !== SOURCE && self.toText(key, data[key]) !== '';
    }
    /* new fields (not in the source) that belong before the schema position `limit` */
    function insertBefore(limit) {
      self.fields.forEach(function (f, n) {
        if (n < limit && !written[f.name] && !(parsed && f.name in original) && present(f.name)) {
          out.push(line(f.name));
          written[f.name] = true;
        }
      });
    }
    if (parsed) {
      var lines = parsed.lines;
      if (parsed.fenced) {
        out.push(lines[0]);
      }
      var starts = {};
      parsed.entries.forEach(function (entry) { starts[entry.first] = entry; });
      var from = parsed.fenced ? 1 : 0;
      var to = parsed.closed >= 0 ? parsed.closed : parsed.headerEnd;
      var header = [];
      for (var n = from; n < to; n += 1) {
        if (starts[n]) {
          header.push(starts[n]);
          n = starts[n].last;
        } else {
          header.push(n);  // a line the reader reports as malformed: it stays, the check names it
        }
      }
      header.forEach(function (entry) {
        if (typeof entry === 'number') {
          out.push(lines[entry]);
          return;
        }
        var fld = self.field(entry.name);
        var key = fld ? fld.name : entry.name;
        if (written[key]) {
          out.push.apply(out, lines.slice(entry.first, entry.last + 1));  // a repeated line
          return;
        }
        if (fld) {
          insertBefore(position[key]);
        }
        written[key] = true;
        if (key in data && same(self.toValue(key, self.toText(key, data[key])), original[key])) {
          out.push.apply(out, lines.slice(entry.first, entry.last + 1));  // unchanged
        } else if (present(key)) {
          out.push(line(key));
        }
      });
      insertBefore(self.fields.length);
      Object.keys(data).forEach(function (key) {
        if (!written[key] && present(key)) {
          out.push(line(key));
          written[key] = true;
        }
      });
      var end = parsed.closed >= 0 ? parsed.closed + 1 : parsed.headerEnd;
      if (parsed.closed >= 0) {
        out.push(lines[parsed.closed]);
      }
      var gap = lines.slice(end, parsed.bodyLine - 1);
      if (body !== '' && gap.length === 0 && parsed.closed < 0) {
        gap = [''];  // a body added under a header that ended the file
      }
      return out.concat(gap).join('\n') + (body !== '' ? '\n' + body : '');
    }
    insertBefore(self.fields.length);
    Object.keys(data).forEach(function (key) {
      if (!written[key] && present(key)) {
        out.push(line(key));
        written[key] = true;
      }
    });
    if (body && body.charAt(body.length - 1) !== '\n') {
      body += '\n';
    }
    return out.join('\n') + '\n\n' + body;
  };

  return { parse: parse, normalize: normalize, strip: strip, Format: Format, SOURCE: SOURCE };
}));
