"""Bytes to text: UTF-8 (with or without BOM), else GB18030 or Big5, else a clear error."""
from __future__ import annotations


class DecodeError(ValueError):
    """The bytes are not text we can read (empty, binary, or no known encoding)."""


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


def _looks_binary(data: bytes) -> bool:
    head = data[:4096]
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > len(head) * 0.05


def _cjk_share(text: str) -> float:
    if not text:
        return 0.0
    cjk = sum(1 for c in text if "\u4e00" <= c <= "\u9fff")
    return cjk / len(text)


def decode(data: bytes) -> tuple[str, str]:
    """Return (text, encoding). A leading BOM is dropped; newlines are left as they are."""
    if not data.strip():
        raise DecodeError("empty file")
    bom = data.startswith(b"\xef\xbb\xbf")
    try:
        text = data[3:].decode("utf-8") if bom else data.decode("utf-8")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        if not text.strip():
            raise DecodeError("empty file")
        if _looks_binary(data):
            raise DecodeError("binary file (NUL or control bytes), not text")
        return text, "utf-8-sig" if bom else "utf-8"
    if _looks_binary(data):
        raise DecodeError("binary file (NUL or control bytes), not text")
    # Not UTF-8: try the two legacy Chinese encodings; keep the one that decodes cleanly and
    # reads most like Chinese (Big5 bytes often decode as GB18030 too, into rare characters).
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        candidates.append((_score(text), enc, text))
    if not candidates:
        raise DecodeError("not UTF-8, GB18030 or Big5 text")
    candidates.sort(reverse=True)
    _, enc, text = candidates[0]
    if _cjk_share(text) < 0.05 and enc != "gb18030":
        raise DecodeError("not UTF-8, GB18030 or Big5 text")
    return text, enc


# Characters common in news text in either script: decoding in the wrong legacy encoding
# produces rare characters instead.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞"
    "們會來說時對國過還這樣經濟發進當點與從實現應開關問題動種"
)


def _score(text: str) -> float:
    sample = text[:5000]
    if not sample:
        return 0.0
    return sum(1 for c in sample if c in _COMMON) / len(sample)
