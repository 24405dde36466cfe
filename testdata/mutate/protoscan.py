"""A small, forgiving scanner for .proto sources, made for the mutation test.

It does not validate anything: it cuts a file into tokens (comments dropped, strings kept
whole) and walks them with a recursive descent that knows just enough of the grammar to
find the elements a mutation wants to touch: the package statement, file options,
messages, fields (with label, type, name, number and option brackets), groups, oneofs,
map fields, enums and their values, services and rpcs, reserved and extensions
statements. Every element records the byte offsets of its parts in the source, so that a
mutation is a list of text edits on the original file and everything it does not touch
stays byte for byte the same. Anything it does not understand it skips to the next `;`
or balanced `{...}`.
"""

import re

_TOKEN = re.compile(r'''
    (?P<ws>\s+)
  | (?P<lc>//[^\n]*)
  | (?P<bc>/\*.*?\*/)
  | (?P<str>"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*')
  | (?P<id>\.?[A-Za-z_]\w*(?:\s*\.\s*[A-Za-z_]\w*)*)
  | (?P<num>[0-9][0-9A-Za-z_.]*)
  | (?P<p>.)
''', re.X | re.S)


class Tok:
    __slots__ = ("kind", "text", "start", "end")

    def __init__(self, kind, text, start, end):
        self.kind, self.text, self.start, self.end = kind, text, start, end

    def __repr__(self):
        return "Tok(%s,%r,%d)" % (self.kind, self.text, self.start)


def tokenize(src):
    out = []
    for m in _TOKEN.finditer(src):
        k = m.lastgroup
        if k in ("ws", "lc", "bc"):
            continue
        out.append(Tok(k, m.group(), m.start(), m.end()))
    return out


class El(dict):
    """An element: a dict of attributes (kind, name, spans, parent, ...)."""
    __getattr__ = dict.get


class Model:
    def __init__(self):
        self.syntax = "proto2"
        self.edition = None
        self.package = None       # El(name, tok)
        self.file_options = []    # El(name, span, value_tok)
        self.messages = []        # El(name, full, span, body_open, body_close, parent)
        self.fields = []          # El(label, type, name, number, opts, span, msg, oneof, group, map, ext)
        self.oneofs = []
        self.enums = []
        self.values = []
        self.services = []
        self.rpcs = []
        self.reserved = []        # El(span, owner kind)
        self.extranges = []
        self.extends = []
        self.imports = []
        self.header_end = 0       # offset after the last top-level syntax/package/import/option


class Parser:
    def __init__(self, src):
        self.src = src
        self.t = tokenize(src)
        self.i = 0
        self.m = Model()

    # token helpers
    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def at(self, text, k=0):
        p = self.peek(k)
        return p is not None and p.text == text

    def next(self):
        p = self.peek()
        self.i += 1
        return p

    def skip_stmt(self):
        """Skips to the end of a statement: past a `;` at depth 0 or a balanced block."""
        depth = 0
        while self.i < len(self.t):
            p = self.next()
            if p.text in ("{", "[", "(", "<"):
                depth += 1
            elif p.text in ("}", "]", ")", ">"):
                depth -= 1
                if depth == 0 and p.text == "}":
                    if self.at(";"):
                        return self.next()
                    return p
                if depth < 0:
                    self.i -= 1
                    return p
            elif p.text == ";" and depth == 0:
                return p
        return self.t[-1] if self.t else None

    def skip_balanced(self, open_, close):
        depth = 0
        while self.i < len(self.t):
            p = self.next()
            if p.text == open_:
                depth += 1
            elif p.text == close:
                depth -= 1
                if depth == 0:
                    return p
        return self.t[-1]

    def parse(self):
        m = self.m
        while self.i < len(self.t):
            p = self.peek()
            w = p.text
            if w in ("syntax", "edition") and self.at("=", 1):
                self.next(); self.next()
                s = self.next()
                if w == "syntax":
                    m.syntax = s.text.strip("\"'")
                else:
                    m.syntax = "editions"
                    m.edition = s.text.strip("\"'")
                e = self.skip_stmt()
                m.header_end = e.end
            elif w == "package":
                self.next()
                n = self.next()
                e = self.skip_stmt()
                m.package = El(name=n.text, tok=n, span=(p.start, e.end))
                m.header_end = e.end
            elif w == "import":
                self.next()
                mod = None
                if self.peek().text in ("public", "weak"):
                    mod = self.next().text
                s = self.next()
                e = self.skip_stmt()
                m.imports.append(El(path=s.text.strip("\"'"), mod=mod, span=(p.start, e.end)))
                m.header_end = e.end
            elif w == "option":
                self.next()
                name, val = self.option_body()
                e = self.skip_stmt()
                m.file_options.append(El(name=name, value=val, span=(p.start, e.end)))
                m.header_end = e.end
            elif w == "message":
                self.message(None)
            elif w == "enum":
                self.enum(None)
            elif w == "service":
                self.service()
            elif w == "extend":
                self.extend(None)
            elif w == ";":
                self.next()
            else:
                self.skip_stmt()
        return m

    def option_body(self):
        """After `option`: returns (name text, value token or None); stops before `;`."""
        parts = []
        while self.i < len(self.t) and not self.at("="):
            if self.at(";"):
                return "".join(parts), None
            parts.append(self.next().text)
        self.next()  # '='
        v = self.peek()
        return "".join(parts), v

    def block_end(self, close_tok):
        return close_tok.end

    def message(self, parent, group_field=None):
        start = self.peek().start
        self.next()  # 'message'
        name = self.next()
        full = name.text if parent is None else parent.full + "." + name.text
        el = El(kind="message", name=name.text, name_tok=name, full=full, parent=parent)
        if self.at("{"):
            el.body_open = self.next().end
            self.message_body(el)
            close = self.next()
            el.body_close = close.start
            el.span = (start, close.end)
            self.m.messages.append(el)
        return el

    def message_body(self, msg, oneof=None):
        while self.i < len(self.t) and not self.at("}"):
            p = self.peek()
            w = p.text
            if w == "message" and self.peek(1) and self.peek(1).kind == "id" and self.at("{", 2):
                self.message(msg)
            elif w == "enum" and self.at("{", 2):
                self.enum(msg)
            elif w == "extend" and self.peek(1).kind == "id" and not self.at("=", 2):
                self.extend(msg)
            elif w == "oneof" and self.at("{", 2):
                self.next()
                n = self.next()
                o = El(kind="oneof", name=n.text, msg=msg, body_open=self.next().end)
                self.message_body(msg, o)
                close = self.next()
                o.span = (p.start, close.end)
                o.body_close = close.start
                self.m.oneofs.append(o)
            elif w == "option":
                self.skip_stmt()
            elif w in ("reserved", "extensions") and not self.at("=", 1) and not self.at("=", 2):
                e = self.skip_stmt()
                el = El(kind=w, span=(p.start, e.end), owner=msg)
                (self.m.reserved if w == "reserved" else self.m.extranges).append(el)
            elif w == ";":
                self.next()
            else:
                self.field(msg, oneof)

    def field(self, msg, oneof, ext=None):
        start = self.peek().start
        label = None
        if self.peek().text in ("optional", "required", "repeated") and not self.at("=", 2):
            label = self.next()
        if self.at("map") and self.at("<", 1):
            mstart = self.next().start
            close = self.skip_balanced("<", ">")
            typ = Tok("map", self.src[mstart:close.end], mstart, close.end)
            is_map = True
        else:
            typ = self.next()
            is_map = False
        if typ is None or typ.kind != "id":
            self.skip_stmt()
            return
        if typ.text == "group":
            name = self.next()
            if not self.at("="):
                self.skip_stmt(); return
            self.next()
            num = self.next()
            opts = None
            if self.at("["):
                o = self.peek()
                c = self.skip_balanced("[", "]")
                opts = (o.start, c.end)
            if not self.at("{"):
                self.skip_stmt(); return
            gmsg = El(kind="message", name=name.text, name_tok=name,
                      full=(msg.full + "." if msg else "") + name.text, parent=msg, group=True)
            gmsg.body_open = self.next().end
            self.message_body(gmsg)
            close = self.next()
            gmsg.body_close = close.start
            gmsg.span = (start, close.end)
            self.m.messages.append(gmsg)
            self.m.fields.append(El(kind="field", label=label, type=typ, name=name, number=num,
                                    opts=opts, span=(start, close.end), msg=msg, oneof=oneof,
                                    group=True, map=False, ext=ext))
            return
        name = self.next()
        if name is None or name.kind != "id" or not self.at("="):
            self.i -= 1
            self.skip_stmt()
            return
        self.next()
        num = self.next()
        opts = None
        if self.at("["):
            o = self.peek()
            c = self.skip_balanced("[", "]")
            opts = (o.start, c.end)
        if not self.at(";"):
            self.skip_stmt()
            return
        e = self.next()
        self.m.fields.append(El(kind="field", label=label, type=typ, name=name, number=num,
                                opts=opts, span=(start, e.end), msg=msg, oneof=oneof,
                                group=False, map=is_map, ext=ext))

    def enum(self, parent):
        start = self.next().start
        name = self.next()
        full = name.text if parent is None else parent.full + "." + name.text
        el = El(kind="enum", name=name.text, name_tok=name, full=full, parent=parent, values=[])
        el.body_open = self.next().end
        while self.i < len(self.t) and not self.at("}"):
            p = self.peek()
            if p.text == "option":
                self.skip_stmt()
            elif p.text == "reserved" and not self.at("=", 1):
                e = self.skip_stmt()
                self.m.reserved.append(El(kind="reserved", span=(p.start, e.end), owner=el))
            elif p.text == ";":
                self.next()
            elif p.kind == "id" and self.at("=", 1):
                self.next(); self.next()
                neg = None
                if self.at("-"):
                    neg = self.next()
                num = self.next()
                opts = None
                if self.at("["):
                    o = self.peek()
                    c = self.skip_balanced("[", "]")
                    opts = (o.start, c.end)
                e = self.skip_stmt()
                v = El(kind="value", name=p, neg=neg, number=num, opts=opts,
                       span=(p.start, e.end), enum=el)
                el["values"].append(v)
                self.m.values.append(v)
            else:
                self.skip_stmt()
        close = self.next()
        el.body_close = close.start
        el.span = (start, close.end)
        self.m.enums.append(el)

    def service(self):
        start = self.next().start
        name = self.next()
        el = El(kind="service", name=name.text, name_tok=name, rpcs=[])
        el.body_open = self.next().end
        while self.i < len(self.t) and not self.at("}"):
            p = self.peek()
            if p.text == "rpc":
                self.next()
                n = self.next()
                r = El(kind="rpc", name=n, service=el)
                ok = True
                for side in ("req", "resp"):
                    if side == "resp":
                        if not self.at("returns"):
                            ok = False
                            break
                        self.next()
                    if not self.at("("):
                        ok = False
                        break
                    self.next()
                    st = self.next() if self.at("stream") and self.peek(1).kind == "id" \
                        and not self.at(")", 1) else None
                    ty = self.next()
                    r[side + "_stream"] = st
                    r[side + "_type"] = ty
                    if not self.at(")"):
                        ok = False
                        break
                    self.next()
                e = self.skip_stmt()
                if ok:
                    r.span = (p.start, e.end)
                    el["rpcs"].append(r)
                    self.m.rpcs.append(r)
            elif p.text == ";":
                self.next()
            else:
                self.skip_stmt()
        close = self.next()
        el.body_close = close.start
        el.span = (start, close.end)
        self.m.services.append(el)

    def extend(self, parent):
        start = self.next().start
        ext_of = self.next()
        el = El(kind="extend", extendee=ext_of.text, parent=parent)
        if not self.at("{"):
            self.skip_stmt()
            return
        el.body_open = self.next().end
        while self.i < len(self.t) and not self.at("}"):
            if self.at(";"):
                self.next()
            else:
                self.field(parent, None, ext=el)
        close = self.next()
        el.body_close = close.start
        el.span = (start, close.end)
        self.m.extends.append(el)


def scan(src):
    """Returns the Model of one .proto source, or raises on a source too odd to walk."""
    return Parser(src).parse()
