"""The certificate's QR code decodes to its verify link. It is drawn with a fixed mask pattern (any of the
eight is a valid QR code; choosing the best costs more than the rest of the code), so it is read back here
the way a scanner does — format information, unmasking, the Reed–Solomon check, byte mode — by a small
decoder of our own (no decoder is installed), from the SVG path that goes into the PDF."""

from __future__ import annotations

import re

import pytest

from biblio.recognition.render import qr_svg

ALIGNMENT = {1: [], 2: [6, 18], 3: [6, 22], 4: [6, 26], 5: [6, 30], 6: [6, 34], 7: [6, 22, 38],
             8: [6, 24, 42], 9: [6, 26, 46]}  # fmt: skip
# Level M: (EC codewords per block, [data codewords of each block])
BLOCKS_M = {1: (10, [16]), 2: (16, [28]), 3: (26, [44]), 4: (18, [32, 32]), 5: (24, [43, 43]),
            6: (16, [27] * 4), 7: (18, [31] * 4), 8: (22, [38, 38, 39, 39]), 9: (22, [36] * 3 + [37] * 2)}  # fmt: skip
MASKS = [
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
]


def modules(svg: str) -> list[list[bool]]:
    """The dark modules of segno's SVG: one path of horizontal runs ("M2 2.5h7m3 0h1…", quiet zone 2)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    dark: set[tuple[int, int]] = set()
    x = y = 0.0
    for op, args in re.findall(r"([Mmh])([-\d. ]+)", path):
        numbers = [float(n) for n in args.split()]
        if op == "M":
            x, y = numbers
        elif op == "m":
            x, y = x + numbers[0], y + numbers[1]
        else:
            dark.update((int(y), int(x) + k) for k in range(int(numbers[0])))
            x += numbers[0]
    size = max(c for _r, c in dark) - 1  # the finder patterns reach the last column; the border is 2
    return [[(r + 2, c + 2) in dark for c in range(size)] for r in range(size)]


def _gf_tables() -> tuple[list[int], list[int]]:
    exp, log, value = [0] * 512, [0] * 256, 1
    for power in range(255):
        exp[power], log[value] = value, power
        value <<= 1
        if value & 0x100:
            value ^= 0x11D
    for power in range(255, 512):
        exp[power] = exp[power - 255]
    return exp, log


EXP, LOG = _gf_tables()


def rs_valid(block: list[int], ec: int) -> bool:
    """Every syndrome of the codeword is zero."""
    for k in range(ec):
        total = 0
        for byte in block:
            total = (EXP[LOG[total] + k] if total else 0) ^ byte
        if total:
            return False
    return True


def _format(m: list[list[bool]]) -> tuple[str, int]:
    cells = [(8, c) for c in (0, 1, 2, 3, 4, 5, 7, 8)] + [(7, 8)] + [(r, 8) for r in (5, 4, 3, 2, 1, 0)]
    bits = 0
    for r, c in cells:
        bits = bits << 1 | m[r][c]
    bits ^= 0x5412
    data = bits >> 10
    remainder = data << 10
    for shift in range(4, -1, -1):
        if remainder & (1 << (shift + 10)):
            remainder ^= 0b10100110111 << shift
    assert bits == (data << 10 | remainder), "format information fails its BCH check"
    return {0: "M", 1: "L", 2: "H", 3: "Q"}[data >> 3], data & 7


def _function(size: int, version: int) -> list[list[bool]]:
    f = [[False] * size for _ in range(size)]

    def area(r0: int, c0: int, rows: int, cols: int) -> None:
        for r in range(max(r0, 0), min(r0 + rows, size)):
            for c in range(max(c0, 0), min(c0 + cols, size)):
                f[r][c] = True

    area(0, 0, 9, 9)  # finders, separators, format information (and the dark module below)
    area(0, size - 8, 9, 8)
    area(size - 8, 0, 8, 9)
    area(6, 0, 1, size)  # timing
    area(0, 6, size, 1)
    centres = ALIGNMENT[version]
    for r in centres:
        for c in centres:
            if (r, c) not in ((6, 6), (6, centres[-1]), (centres[-1], 6)):
                area(r - 2, c - 2, 5, 5)
    if version >= 7:
        area(0, size - 11, 6, 3)
        area(size - 11, 0, 3, 6)
    return f


def decode(m: list[list[bool]]) -> tuple[str, int, str]:
    """(level, mask, text) of a byte-mode QR code of versions 1–9, level M."""
    size = len(m)
    version = (size - 17) // 4
    level, mask = _format(m)
    assert level == "M"
    function, masked = _function(size, version), MASKS[mask]
    bits: list[int] = []
    upward, col = True, size - 1
    while col > 0:
        if col == 6:
            col -= 1
        for k in range(size):
            row = size - 1 - k if upward else k
            for c in (col, col - 1):
                if not function[row][c]:
                    bits.append(int(m[row][c] ^ masked(row, c)))
        upward, col = not upward, col - 2
    codewords = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)]
    ec, lengths = BLOCKS_M[version]
    blocks: list[list[int]] = [[] for _ in lengths]
    position = 0
    for i in range(max(lengths)):
        for b, length in enumerate(lengths):
            if i < length:
                blocks[b].append(codewords[position])
                position += 1
    for _ in range(ec):
        for block in blocks:
            block.append(codewords[position])
            position += 1
    assert all(rs_valid(block, ec) for block in blocks), "Reed–Solomon check fails"
    data = "".join(
        f"{byte:08b}" for block, length in zip(blocks, lengths, strict=True) for byte in block[:length]
    )
    assert data[:4] == "0100", "not byte mode"
    count = int(data[4:12], 2)
    text = bytes(int(data[12 + 8 * i : 20 + 8 * i], 2) for i in range(count)).decode()
    return level, mask, text


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/recognition/verify/24e39434-8a54-498a-91dc-4797b6871369/",
        "https://biblio.example.eu/recognition/verify/00000000-0000-4000-8000-000000000000/",
        "http://testserver/recognition/verify/5f0c1c7e-3b7d-4f3e-9d6a-2b1e0c4d5a6f/",
    ],
)
def test_the_qr_code_decodes_to_the_verify_link(url):
    level, mask, text = decode(modules(qr_svg(url)))
    assert (level, mask, text) == ("M", 0, url)


def test_the_decoder_reads_every_mask_pattern():
    """The decoder is no echo of the fixed mask: segno's own choices of the other seven decode too."""
    import io

    import segno

    url = "https://biblio.example.eu/recognition/verify/00000000-0000-4000-8000-000000000000/"
    for mask in range(8):
        buffer = io.BytesIO()
        segno.make(url, error="m", mask=mask).save(buffer, kind="svg", scale=4, border=2, xmldecl=False)
        assert decode(modules(buffer.getvalue().decode())) == ("M", mask, url)


def test_a_damaged_code_fails_the_check():
    m = modules(qr_svg("https://biblio.example.eu/recognition/verify/00000000-0000-4000-8000-000000000000/"))
    m[20][20] = not m[20][20]  # a data module
    with pytest.raises(AssertionError, match="Reed–Solomon"):
        decode(m)
