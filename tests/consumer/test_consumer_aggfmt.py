"""Aggregation output as DTrace prints it: default lines, histograms, printa, order."""

from __future__ import annotations

from pydtrace.consumer import aggfmt as af
from pydtrace.consumer.aggfmt import (
    Agg,
    AggDesc,
    AggFunc,
    AggKind,
    AggRow,
    KeyKind,
    KeyType,
    SortOptions,
)
from pydtrace.consumer.printf import parse_format

STR = KeyType(KeyKind.STRING, 256, False)
I32 = KeyType(KeyKind.INT, 4, True)
I64 = KeyType(KeyKind.INT, 8, True)
COUNT = AggKind(AggFunc.COUNT)
SUM = AggKind(AggFunc.SUM)

HEADER = "\n           value  ------------- Distribution ------------- count    \n"


def bar(label: str, count: int, depth: int) -> str:
    return f"{label:>16} |{'@' * depth}{' ' * (40 - depth)} {count:<9}\n"


def hist(kind: AggKind, samples: list[tuple[int, int]]) -> list[int]:
    data = [0] * kind.nbuckets
    for v, n in samples:
        data[af.bucket(kind, v)] += n
    return data


# --- bucketing -------------------------------------------------------------------


def test_quantize_buckets() -> None:
    assert af.quantize_bucket(0) == 63
    assert af.quantize_bucket(1) == 64
    assert af.quantize_bucket(2) == af.quantize_bucket(3) == 65
    assert af.quantize_bucket(4) == 66
    assert af.quantize_bucket(-1) == 62
    assert af.quantize_bucket(-3) == 61
    assert af.quantize_bucket(-(1 << 63)) == 0
    assert af.quantize_bucket((1 << 63) - 1) == 126
    assert [af.quantize_bucket_value(b) for b in (0, 61, 62, 63, 64, 65, 126)] == \
        [-(1 << 62), -2, -1, 0, 1, 2, 1 << 62]


def test_lquantize_buckets() -> None:
    assert af.lquantize_bucket(-1, 0, 100, 10) == 0
    assert af.lquantize_bucket(0, 0, 100, 10) == 1
    assert af.lquantize_bucket(19, 0, 100, 10) == 2
    assert af.lquantize_bucket(99, 0, 100, 10) == 10
    assert af.lquantize_bucket(100, 0, 100, 10) == 11
    assert af.lquantize_bucket(10**9, 0, 100, 10) == 11
    # a limit the step does not divide: the last level ends at base + levels * step
    assert af.lquantize_bucket(24, 0, 25, 10) == 3
    assert AggKind.lquantize(0, 25, 10).nbuckets == 4


def test_llquantize_buckets() -> None:
    # factor 10, magnitudes 0..2, 10 steps: 9 buckets a decade, underflow at 28
    b = [af.llquantize_bucket(v, 10, 0, 2, 10) for v in (0, 1, 5, 9, 10, 42, 999, 1000, -42)]
    assert b == [28, 29, 33, 37, 38, 41, 55, 56, 15]
    assert AggKind.llquantize(10, 0, 2, 10).nbuckets == 57
    # values below factor^low land in the middle bucket
    assert af.llquantize_bucket(26, 3, 3, 5, 27) == af.llquantize_bucket(-26, 3, 3, 5, 27)


# --- default lines ------------------------------------------------------------------


def test_default_lines_scalar() -> None:
    d = AggDesc("c", 1, COUNT, (STR,))
    assert af.format_row(d, AggRow(("sshd",), 12)) == "  sshd" + " " * 46 + " " * 15 + "12\n"
    d = AggDesc("s", 1, SUM, (STR, I32))
    assert af.format_row(d, AggRow(("bash", -3), 7)) == \
        "  bash" + " " * 46 + "       -3" + "                7\n"
    d = AggDesc("n", 1, SUM)
    assert af.format_row(d, AggRow((), -25)) == "              -25\n"


def test_small_integer_keys_print_unsigned() -> None:
    keys = (KeyType(KeyKind.INT, 1, True), KeyType(KeyKind.INT, 2, True), I32, I64)
    d = AggDesc("k", 1, COUNT, keys)
    assert af.format_row(d, AggRow((-1, -2, -3, -4), 1)) == \
        " 255 65534       -3               -4                1\n"


def test_avg_and_stddev() -> None:
    avg = AggDesc("a", 1, AggKind(AggFunc.AVG))
    assert af.format_row(avg, AggRow((), (3, 7))) == "                2\n"
    assert af.format_row(avg, AggRow((), (2, -7))) == "               -3\n"
    assert af.format_row(avg, AggRow((), (0, 0))) == "                0\n"
    sd = AggDesc("d", 1, AggKind(AggFunc.STDDEV))
    samples = [2, 4, 4, 4, 5, 5, 7, 9]
    val = (len(samples), sum(samples), sum(x * x for x in samples))
    assert af.format_row(sd, AggRow((), val)) == "                2\n"
    assert af.stddev_value(2, -30, 500) == 5
    # big values need the 128-bit sum of squares
    big = [6_000_000_000 + 100 * i for i in range(4)]
    assert af.stddev_value(4, sum(big), sum(x * x for x in big)) == 111


def test_normalized_values() -> None:
    d = AggDesc("s", 1, SUM, (), normal=1000)
    assert af.format_row(d, AggRow((), 123456)) == "              123\n"


def test_printa_without_format_starts_with_newline() -> None:
    agg = Agg(AggDesc("c", 1, COUNT, (I32,)), [AggRow((7,), 2), AggRow((5,), 1)])
    assert af.format_printa(agg) == "\n        5                1\n        7                2\n"


# --- histograms ---------------------------------------------------------------------


def test_quantize_histogram() -> None:
    kind = AggKind(AggFunc.QUANTIZE)
    text = af.format_histogram(kind, hist(kind, [(3, 2), (10, 1)]))
    assert text == HEADER + bar("1", 0, 0) + bar("2", 2, 27) + bar("4", 0, 0) + \
        bar("8", 1, 13) + bar("16", 0, 0)


def test_quantize_without_data_shows_zero_neighbourhood() -> None:
    kind = AggKind(AggFunc.QUANTIZE)
    assert af.format_histogram(kind, [0] * 127) == \
        HEADER + bar("-1", 0, 0) + bar("0", 0, 0) + bar("1", 0, 0)


def test_lquantize_histogram() -> None:
    kind = AggKind.lquantize(0, 100, 10)
    text = af.format_histogram(kind, hist(kind, [(-5, 1), (35, 3), (250, 2)]))
    rows = [bar("< 0", 1, 7)] + [bar(str(v), 3 if v == 30 else 0, 20 if v == 30 else 0)
                                  for v in range(0, 100, 10)] + [bar(">= 100", 2, 13)]
    assert text == HEADER + "".join(rows)


def test_negative_counts_draw_bars_left_of_the_axis() -> None:
    kind = AggKind.lquantize(0, 10)
    data = [0] * kind.nbuckets
    data[af.lquantize_bucket(4, 0, 10, 1)] = -6
    text = af.format_histogram(kind, data)
    assert text == HEADER + \
        "               3                                         | 0        \n" + \
        "               4 " + "@" * 40 + "| -6       \n" + \
        "               5                                         | 0        \n"


def test_mixed_sign_counts_use_half_bars() -> None:
    kind = AggKind.lquantize(0, 10)
    data = [0] * kind.nbuckets
    data[2] = -3
    data[4] = 1
    pad = " " * 20
    text = af.format_histogram(kind, data)
    assert text == HEADER + \
        f"               0 {pad}|{pad} 0        \n" + \
        f"               1 {' ' * 5}{'@' * 15}|{pad} -3       \n" + \
        f"               2 {pad}|{pad} 0        \n" + \
        f"               3 {pad}|{'@' * 5}{' ' * 15} 1        \n" + \
        f"               4 {pad}|{pad} 0        \n"


def test_llquantize_histogram() -> None:
    kind = AggKind.llquantize(10, 0, 2, 10)
    text = af.format_histogram(kind, hist(kind, [(5, 1), (42, 2), (999, 1), (5000, 1)]))
    labels = [4, 5, 6, 7, 8, 9, 10] + list(range(20, 110, 10)) + list(range(200, 1000, 100))
    counts = {5: 1, 40: 2, 900: 1}
    rows = [bar(str(v), counts.get(v, 0), 8 * counts.get(v, 0)) for v in labels]
    assert text == HEADER + "".join(rows) + bar(">= 1000", 1, 8)


def test_llquantize_labels_below_factor_to_the_low() -> None:
    kind = AggKind.llquantize(2, 3, 4, 4)
    text = af.format_histogram(kind, hist(kind, [(-3, 1), (5, 1)]))
    # negative values exist, so the middle bucket is "abs() < 8"
    assert text == HEADER + bar("-8", 0, 0) + bar("abs() < 8", 2, 40) + bar("8", 0, 0)
    text = af.format_histogram(kind, hist(kind, [(40, 4)]))
    assert text == HEADER + bar("24", 0, 0) + bar(">= 32", 4, 40)


def test_row_with_key_and_histogram() -> None:
    kind = AggKind(AggFunc.QUANTIZE)
    d = AggDesc("q", 1, kind, (STR,))
    text = af.format_row(d, AggRow(("read",), hist(kind, [(1, 4)])))
    assert text == "  read" + " " * 46 + HEADER + bar("0", 0, 0) + bar("1", 4, 40) + \
        bar("2", 0, 0) + "\n"


# --- sorting ----------------------------------------------------------------------


def _agg(rows: list[tuple[tuple[object, ...], object]], kind: AggKind = SUM,
         keys: tuple[KeyType, ...] = (STR, I32), varid: int = 1) -> Agg:
    return Agg(AggDesc("x", varid, kind, keys), [AggRow(k, v) for k, v in rows])  # type: ignore[arg-type]


def test_default_order_is_value_then_key() -> None:
    agg = _agg([(("b", 1), 5), (("a", 2), 5), (("c", 0), -1), (("a", 1), 9)])
    assert [r.keys for r in af.sort_rows(agg)] == [("c", 0), ("a", 2), ("b", 1), ("a", 1)]


def test_key_order_options() -> None:
    agg = _agg([(("b", 1), 5), (("a", 2), 5), (("c", 0), -1), (("a", 1), 9)])
    by_key = af.sort_rows(agg, SortOptions(aggsortkey=True))
    assert [r.keys for r in by_key] == [("a", 1), ("a", 2), ("b", 1), ("c", 0)]
    by_pos1 = af.sort_rows(agg, SortOptions(aggsortkey=True, aggsortkeypos=1))
    assert [r.keys for r in by_pos1] == [("c", 0), ("a", 1), ("b", 1), ("a", 2)]
    # a position past the last key means position 0
    past = af.sort_rows(agg, SortOptions(aggsortkey=True, aggsortkeypos=5))
    assert past == by_key
    rev = af.sort_rows(agg, SortOptions(aggsortrev=True))
    assert [r.keys for r in rev] == [("a", 1), ("b", 1), ("a", 2), ("c", 0)]


def test_integer_keys_compare_unsigned() -> None:
    agg = _agg([((-1,), 0), ((3,), 0), ((0,), 0)], keys=(I32,))
    assert [r.keys for r in af.sort_rows(agg, SortOptions(aggsortkey=True))] == \
        [(0,), (3,), (-1,)]


def test_avg_and_quantize_order() -> None:
    avg = _agg([((1,), (2, 10)), ((2,), (1, 3)), ((3,), (4, -4))], AggKind(AggFunc.AVG), (I32,))
    assert [r.keys for r in af.sort_rows(avg)] == [(3,), (2,), (1,)]
    q = AggKind(AggFunc.QUANTIZE)
    quant = _agg([((1,), hist(q, [(100, 1)])), ((2,), hist(q, [(0, 5)])),
                  ((3,), hist(q, [(0, 1)])), ((4,), hist(q, [(-8, 1)]))], q, (I32,))
    # by sum of bucket value x count, then by the count at zero
    assert [r.keys for r in af.sort_rows(quant)] == [(4,), (3,), (2,), (1,)]


def test_all_aggregations_at_exit_sorted_by_variable_first() -> None:
    first = _agg([((9,), 1)], COUNT, (I32,), varid=1)
    second = _agg([((1,), 5), ((2,), 0)], SUM, (I32,), varid=2)
    assert af.format_aggregations([second, first]) == \
        "        9                1\n        2                0\n        1                5\n"


# --- printa with a format ---------------------------------------------------------------


def test_printa_format_keys_and_value() -> None:
    agg = _agg([(("zsh", 2), 40), (("ls", 11), 3)])
    fmt = parse_format("%-6s|%4d|%@8d|\n")
    assert af.format_printa_fmt(fmt, [agg]) == "ls    |  11|       3|\nzsh   |   2|      40|\n"


def test_printa_format_uses_keys_for_dynamic_width() -> None:
    agg = _agg([((6, 77), 1), ((-6, 88), 2)], keys=(I32, I32))
    fmt = parse_format("<%*d>\n")
    assert af.format_printa_fmt(fmt, [agg]) == "<    77>\n<88    >\n"


def test_printa_format_without_value_or_with_repeats() -> None:
    agg = _agg([((1, 2), 30)], keys=(I32, I32))
    assert af.format_printa_fmt(parse_format("%d-%d\n"), [agg]) == "1-2\n"
    assert af.format_printa_fmt(parse_format("%@d %@x %d\n"), [agg]) == "30 1e 1\n"


def test_printa_value_conversions() -> None:
    cnt = _agg([((), 3)], COUNT, ())
    assert af.format_printa_fmt(parse_format("%@d/%@5u/%@-4x|"), [cnt]) == "3/    3/3   |"
    avg = _agg([((), (2, -900))], AggKind(AggFunc.AVG), ())
    # printa() divides an average as unsigned 64-bit numbers
    assert af.format_printa_fmt(parse_format("%@d"), [avg]) == "9223372036854775358"
    sd = _agg([((), (2, 0x300000000, 0x100000000 ** 2 + 0x200000000 ** 2))],
              AggKind(AggFunc.STDDEV), ())
    assert af.format_printa_fmt(parse_format("%@x"), [sd]) == "80000000"


def test_printa_format_with_histogram() -> None:
    kind = AggKind.lquantize(1, 10)
    agg = _agg([(("net",), hist(kind, [(3, 2)]))], kind, (STR,))
    text = af.format_printa_fmt(parse_format("%s =%@12d!\n"), [agg])
    assert text == "net =" + HEADER + bar("2", 0, 0) + bar("3", 2, 40) + bar("4", 0, 0) + "!\n"


def test_printa_several_aggregations() -> None:
    a = _agg([((1,), 10), ((2,), 20)], SUM, (I32,), varid=1)
    b = _agg([((2,), 5), ((3,), 1)], SUM, (I32,), varid=2)
    fmt = parse_format("%d %@d %@d\n")
    assert af.format_printa_fmt(fmt, [a, b]) == "3 0 1\n1 10 0\n2 20 5\n"
    assert af.format_printa_fmt(fmt, [a, b], SortOptions(aggsortpos=1)) == \
        "1 10 0\n3 0 1\n2 20 5\n"
    assert af.format_printa_joined([a, b]) == "\n" + \
        "        3                0                1\n" + \
        "        1               10                0\n" + \
        "        2               20                5\n"
