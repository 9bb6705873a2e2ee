"""One small parser for Chinese, Arabic and mixed numerals, driven by ``rules/numerals.toml``.

The grammar's shape lives here; which characters play which part is data:

- a *digit* (一, 两, 〇, 壹 …) is a coefficient; in ``smart`` mode an Arabic run (``100``, ``1.7``) is one too;
- a *unit* (十 百 千) multiplies the coefficient before it (十 may stand alone: 十五);
- a *section* (万, 亿) closes everything before it that is smaller (一千万 → 10⁷; 万 then 亿 → 万亿);
- 零 marks a gap; a *shorthand* (廿 卅) is digit × 十; 点 starts decimals; 负 is a sign.

Modes follow cn2an's (whose public test cases this parser passes, see tests/test_cn2an_cases.py):
``strict`` takes only well-formed numerals; ``normal`` also digit-by-digit readings (一七二零 → 1720) and
the colloquial dropped last unit (三万五 → 35000); ``smart`` also Arabic digits mixed in (1.7万, 100万三千)
and a bare leading 百/千/万 (近百余件, 上千元). ``parse`` raises ``ValueError`` on anything else.
Values are exact: integers when whole, otherwise floats rounded from decimal arithmetic. The arithmetic
is on Python integers, exact too and several times cheaper than Decimal's; Decimal comes in only with
decimals (an Arabic 1.7, or 三点五).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

MODES = ("strict", "normal", "smart")
_ARABIC = "0123456789"


@dataclass(frozen=True)
class Grammar:
    digits: dict[str, int]
    units: dict[str, int]
    sections: dict[str, int]
    shorthand: dict[str, int]
    point: frozenset[str]
    minus: frozenset[str]

    @property
    def chars(self) -> str:
        """Every character that can be part of a Chinese numeral (not the sign)."""
        return "".join([*self.digits, *self.units, *self.sections, *self.shorthand])


@lru_cache(maxsize=1)
def grammar() -> Grammar:
    from .rules import load

    rf = load("numerals")
    signs = rf["signs"].map
    return Grammar(
        digits=dict(rf["digits"].map), units=dict(rf["units"].map), sections=dict(rf["sections"].map),
        shorthand=dict(rf["shorthand"].map),
        point=frozenset(k for k, v in signs.items() if v == "."),
        minus=frozenset(k for k, v in signs.items() if v == "-"),
    )


def _number(d: int | Decimal) -> int | float:
    if type(d) is int:
        return d
    if d == d.to_integral_value():
        return int(d)
    return float(d)


def parse(text: str, mode: str = "smart") -> int | float:
    """The value of a numeral: 一百零一 → 101, 1.7万 → 17000, 壹佰壹拾壹 → 111; ValueError if it is not one."""
    return _number(_value(text, mode))


def parse_decimal(text: str, mode: str = "smart") -> Decimal:
    return Decimal(_value(text, mode))


def _value(text: str, mode: str) -> int | Decimal:
    """The numeral's exact value: an int, or a Decimal where decimals took part."""
    if mode not in MODES:
        raise ValueError(f"unknown mode {mode!r}")
    g = grammar()
    s = text.strip()
    if not s:
        raise ValueError("empty numeral")
    sign = 1
    if s[0] in g.minus or (mode == "smart" and s[0] == "-"):
        sign, s = -1, s[1:]
    points = [i for i in map(s.find, g.point) if i >= 0]  # the first of each point character
    if len(points) > 1 or (points and s.find(s[points[0]], points[0] + 1) >= 0):
        raise ValueError(f"more than one decimal point in {text!r}")
    if points:
        whole, frac = s[:points[0]], s[points[0] + 1:]
        if not frac:
            raise ValueError(f"decimal point without decimals in {text!r}")
        if not whole:
            raise ValueError(f"decimals without a whole part in {text!r}")
        scale = Decimal(1)
        while frac and frac[-1] in g.sections:  # 三点五万 → 3.5 × 10⁴
            scale *= g.sections[frac[-1]]
            frac = frac[:-1]
            if not frac:
                raise ValueError(f"decimal point without decimals in {text!r}")
        value = (_integer(whole, g, mode) + _decimals(frac, g, mode)) * scale
    else:
        value = _integer(s, g, mode)
    return sign * value


def _decimals(frac: str, g: Grammar, mode: str) -> Decimal:
    if mode == "smart" and all(c in _ARABIC for c in frac):
        return Decimal("0." + frac)
    out = []
    for c in frac:
        if c not in g.digits:
            raise ValueError(f"{c!r} is not a decimal digit")
        out.append(str(g.digits[c]))
    if mode == "strict" and g.digits[frac[-1]] == 0:
        raise ValueError("strict decimals do not end in 零")
    return Decimal("0." + "".join(out))


def _tokens(s: str, g: Grammar, mode: str) -> list[tuple[str, int | Decimal]]:
    """(kind, value) tokens: kind is digit, unit, section, zero; an Arabic run is one arabic token (a
    Decimal: it may hold decimals), the others are ints."""
    toks: list[tuple[str, int | Decimal]] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c in _ARABIC or (c == "." and toks and toks[-1][0] == "arabic"):
            if mode != "smart":
                raise ValueError(f"Arabic digit in {mode} mode")
            j = i
            while j < n and (s[j] in _ARABIC or s[j] == "."):
                j += 1
            run = s[i:j]
            if run.count(".") > 1 or run.startswith(".") or run.endswith("."):
                raise ValueError(f"malformed Arabic number {run!r}")
            toks.append(("arabic", Decimal(run)))
            i = j
            continue
        if c in g.digits:
            v = g.digits[c]
            toks.append(("zero" if v == 0 else "digit", v))
        elif c in g.units:
            toks.append(("unit", g.units[c]))
        elif c in g.sections:
            toks.append(("section", g.sections[c]))
        elif c in g.shorthand:
            v = g.shorthand[c]
            toks.append(("digit", v // 10))
            toks.append(("unit", 10))
            if v % 10:
                toks.append(("digit", v % 10))
        else:
            raise ValueError(f"{c!r} is not part of a numeral")
        i += 1
    return toks


def _tenth(v: int) -> int | Decimal:
    """v / 10, exact: the multiplier a colloquial dropped unit stands for (一百二: 二 × 十)."""
    return v // 10 if v % 10 == 0 else Decimal(v) / 10


def _integer(s: str, g: Grammar, mode: str) -> int | Decimal:
    toks = _tokens(s, g, mode)
    kinds = {k for k, _ in toks}
    # Digit by digit (一七二零, 二〇一九): only digits and zeros, more than one of them.
    if kinds <= {"digit", "zero"}:
        if len(toks) == 1:
            return toks[0][1]
        if mode == "strict":
            raise ValueError(f"digit-by-digit numeral {s!r} in strict mode")
        return int("".join(str(v) for _, v in toks))
    total: int | Decimal = 0  # closed sections
    section: int | Decimal = 0  # the open section (below the last 万/亿)
    coef: int | Decimal | None = None  # a coefficient waiting for its multiplier
    last_unit: int | None = None  # the last unit in the open section: units descend
    last_big: int | None = None  # the last section multiplier
    zero_gap = False  # a 零 since the last multiplier
    prev = None
    for idx, (kind, v) in enumerate(toks):
        if kind in ("digit", "arabic"):
            if coef is not None:
                raise ValueError(f"two coefficients in a row in {s!r}")
            if kind == "arabic" and v != v.to_integral_value():
                # 1.7万: a decimal coefficient is closed by multipliers and ends the numeral.
                if not all(k in ("unit", "section") for k, _ in toks[idx + 1:]):
                    raise ValueError(f"a decimal coefficient must end the numeral: {s!r}")
            coef = v
        elif kind == "zero":
            if coef is not None:
                raise ValueError(f"零 after a bare digit in {s!r}")
            zero_gap = True
        elif kind == "unit":
            if coef is None:
                if v == 10 and prev in (None, "section", "zero"):
                    coef = 1  # 十五, 十万: a bare 十 heads its section
                elif mode == "smart" and prev is None:
                    coef = 1  # 百余件, 千元: a bare leading multiplier
                else:
                    raise ValueError(f"multiplier without a coefficient in {s!r}")
            if last_unit is not None and v >= last_unit:
                raise ValueError(f"multipliers out of order in {s!r}")
            section += coef * v
            last_unit, coef, zero_gap = v, None, False
        else:  # section
            if coef is not None:
                section += coef
                coef = None
            if section == 0:
                if prev == "section" and last_big is not None and v > last_big:
                    total *= v  # 万亿: a compound multiplier
                    last_big *= v
                    prev = kind
                    continue
                if mode == "smart" and prev is None:
                    section = 1  # 万名党员: a bare leading 万
                else:
                    raise ValueError(f"section multiplier without a coefficient in {s!r}")
            if last_big is not None and v > last_big:
                total = (total + section) * v  # 一千一百万 … 亿: 亿 after 万 multiplies everything before
            elif last_big is not None and v == last_big:
                raise ValueError(f"repeated section multiplier in {s!r}")
            else:
                total += section * v
            last_big, section, last_unit, zero_gap = v, 0, None, False
        prev = kind
    if coef is not None:
        if prev == "digit" and not zero_gap and (last_unit or 0) > 10:
            if mode == "strict":  # 一百二 → 120, 两千六 → 2600: the colloquial dropped unit
                raise ValueError(f"dropped last multiplier in strict mode: {s!r}")
            coef *= _tenth(last_unit)
        elif prev == "digit" and not zero_gap and last_unit is None and last_big is not None:
            if mode == "strict":  # 三万五 → 35000
                raise ValueError(f"dropped last multiplier in strict mode: {s!r}")
            coef *= _tenth(last_big)
        section += coef
    return total + section


def value_of(text: str) -> int | float | None:
    """``parse(text, "smart")``, or None when the text is not a numeral."""
    try:
        return parse(text, "smart")
    except ValueError:
        return None
