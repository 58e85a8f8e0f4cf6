#ifndef RAPPORT_CLINEMARKS_H
#define RAPPORT_CLINEMARKS_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

/// What `rapport_mark_line` found besides the three marked bytes.
enum {
    /// A byte below 0x20 (NUL, tab, any control) or DEL.
    RAPPORT_MARKS_CONTROL = 1,
    /// A backslash.
    RAPPORT_MARKS_BACKSLASH = 2,
    /// A byte of 0x80 or more: the line is not all ASCII.
    RAPPORT_MARKS_HIGH = 4,
};

/// The longest line marked, in bytes: eight words of marks for each kind.
#define RAPPORT_MARKS_MAX 512

/// Marks of one sixteen-byte block: a bit per byte, byte i at bit i.
typedef struct {
    uint32_t space, quote, equals;
    /// Control bytes and DEL; backslashes; bytes of 0x80 or more.
    uint32_t control, backslash, high;
} rapport_block_marks;

/// The portable way, a byte at a time.
static inline rapport_block_marks rapport_mark_block_bytes(const uint8_t *block) {
    rapport_block_marks m = {0, 0, 0, 0, 0, 0};
    for (unsigned i = 0; i < 16; i++) {
        uint8_t b = block[i];
        if (b == 0x20) m.space |= 1u << i;
        else if (b == 0x22) m.quote |= 1u << i;
        else if (b == 0x3D) m.equals |= 1u << i;
        else if (b == 0x5C) m.backslash |= 1u << i;
        else if (b < 0x20 || b == 0x7F) m.control |= 1u << i;
        else if (b >= 0x80) m.high |= 1u << i;
    }
    return m;
}

#if defined(__SSE2__)
/// One 64-byte piece's marks, the SSE2 way: a compare and a byte-mask per kind for each
/// sixteen bytes, and the other kinds gathered as bytes (`odd`: control or DEL; `slash`;
/// `high`: bytes with the top bit set), to be masked once for the whole line.
__attribute__((always_inline))
static inline void rapport_mark_piece_sse2(const uint8_t *piece, uint64_t *s, uint64_t *q, uint64_t *e,
                                           __m128i *odd, __m128i *slash, __m128i *high) {
    uint64_t sp = 0, qu = 0, eq = 0;
    for (unsigned k = 0; k < 4; k++) {
        __m128i v = _mm_loadu_si128((const __m128i *)(piece + 16 * k));
        sp |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20))) << (16 * k);
        qu |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x22))) << (16 * k);
        eq |= (uint64_t)(uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x3D))) << (16 * k);
        // Unsigned v <= 0x1F: the minimum of v and 0x1F is v.
        __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
        *odd = _mm_or_si128(*odd, _mm_or_si128(control, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));
        *slash = _mm_or_si128(*slash, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x5C)));
        *high = _mm_or_si128(*high, v);
    }
    *s = sp;
    *q = qu;
    *e = eq;
}
#endif

/// Piece `w` of a line of `count` bytes: its 64 bytes from byte 64·w, or, for a last
/// piece the line does not fill, its bytes copied into `last` (64 bytes) and padded with
/// a byte that is none of the kinds, so that nothing past the line's end is read.
__attribute__((always_inline))
static inline const uint8_t *rapport_piece(const uint8_t *line, size_t count, size_t w, uint8_t *last) {
    const uint8_t *piece = line + 64 * w;
    if (64 * w + 64 <= count) return piece;
    memset(last, 'a', 64);
    memcpy(last, piece, count - 64 * w);
    return last;
}

/// Marks where a line's spaces, quotes and equals signs are, a bit per byte (byte i at
/// bit i % 64 of word i / 64 of each array, which hold (count + 63) / 64 words), and
/// returns the `RAPPORT_MARKS_…` flags of its other bytes; `portable` takes the byte-at-
/// a-time way whatever the processor. The line is `count` bytes, at most
/// `RAPPORT_MARKS_MAX`; nothing past its end is read.
__attribute__((always_inline))
static inline uint32_t rapport_mark_line(const uint8_t *line, size_t count, uint64_t *space, uint64_t *quote,
                                         uint64_t *equals, int portable) {
    size_t words = (count + 63) / 64;
    uint8_t last[64];
#if defined(__SSE2__)
    if (!portable) {
        __m128i odd = _mm_setzero_si128(), slash = _mm_setzero_si128(), high = _mm_setzero_si128();
        for (size_t w = 0; w < words; w++) {
            rapport_mark_piece_sse2(rapport_piece(line, count, w, last), space + w, quote + w, equals + w, &odd, &slash, &high);
        }
        return (_mm_movemask_epi8(odd) ? RAPPORT_MARKS_CONTROL : 0) | (_mm_movemask_epi8(slash) ? RAPPORT_MARKS_BACKSLASH : 0)
            | (_mm_movemask_epi8(high) ? RAPPORT_MARKS_HIGH : 0);
    }
#endif
    uint32_t control = 0, backslash = 0, high = 0;
    for (size_t w = 0; w < words; w++) {
        const uint8_t *piece = rapport_piece(line, count, w, last);
        uint64_t s = 0, q = 0, e = 0;
        for (unsigned k = 0; k < 4; k++) {
            rapport_block_marks m = rapport_mark_block_bytes(piece + 16 * k);
            s |= (uint64_t)m.space << (16 * k);
            q |= (uint64_t)m.quote << (16 * k);
            e |= (uint64_t)m.equals << (16 * k);
            control |= m.control;
            backslash |= m.backslash;
            high |= m.high;
        }
        space[w] = s;
        quote[w] = q;
        equals[w] = e;
    }
    return (control ? RAPPORT_MARKS_CONTROL : 0) | (backslash ? RAPPORT_MARKS_BACKSLASH : 0) | (high ? RAPPORT_MARKS_HIGH : 0);
}

/// The first marked byte at or after `from` in `marks` (of `words` words), or `count`.
__attribute__((always_inline))
static inline size_t rapport_next_mark(const uint64_t *marks, size_t words, size_t from, size_t count) {
    size_t w = from >> 6;
    if (w >= words) return count;
    uint64_t bits = marks[w] & (~(uint64_t)0 << (from & 63));
    while (bits == 0) {
        if (++w == words) return count;
        bits = marks[w];
    }
    return (w << 6) | (size_t)__builtin_ctzll(bits);
}

/// A value at `start`, bare or quoted (no escape can be in the line): its bytes are
/// [*first, *last) and it ends at *end (the space after it, or the line's end). 0 for a
/// quote within a bare value, or a quoted value not closed or followed by other than a space.
__attribute__((always_inline))
static inline int rapport_value(const uint8_t *line, size_t count, const uint64_t *space, const uint64_t *quote,
                                size_t words, size_t start, size_t *first, size_t *last, size_t *end) {
    if (start < count && line[start] == 0x22) {
        size_t close = rapport_next_mark(quote, words, start + 1, count);
        if (close >= count || (close + 1 != count && line[close + 1] != 0x20)) return 0;
        *first = start + 1;
        *last = close;
        *end = close + 1;
        return 1;
    }
    size_t stop = rapport_next_mark(space, words, start, count);
    if (rapport_next_mark(quote, words, start, count) < stop) return 0;
    *first = start;
    *last = stop;
    *end = stop;
    return 1;
}

enum {
    /// The most fields `rapport_tokenize_line` reads.
    RAPPORT_TOKENS_FIELDS = 16,
    /// The size of its `tokens` array.
    RAPPORT_TOKENS_COUNT = 8 + 4 * RAPPORT_TOKENS_FIELDS,
};

/// Finds the tokens of a line in the shape rapport writes: a timestamp, author, verb and
/// subject, then `key=value` fields, each separated by one space; values bare, or quoted
/// with no escape. Into `tokens`: [0] the timestamp's end; [1], [2] the author's bytes;
/// [3], [4] the verb's; [5], [6] the subject's; [7] how many fields; then for each field
/// its key's start and end and its value's. Returns 0 when the line has another shape
/// (a blank or comment line, a control character or backslash anywhere, an empty author
/// or subject, more than `RAPPORT_TOKENS_FIELDS` fields, a line over `RAPPORT_MARKS_MAX`
/// bytes, any syntax error), 2 when it holds bytes of 0x80 or more (to be checked as
/// UTF-8), 1 otherwise. Keys are not checked: only their places are found.
static inline int rapport_tokenize_line(const uint8_t *line, size_t count, uint16_t *tokens) {
    if (count == 0 || count > RAPPORT_MARKS_MAX || line[0] == 0x20 || line[0] == 0x23) return 0;
    uint64_t space[RAPPORT_MARKS_MAX / 64], quote[RAPPORT_MARKS_MAX / 64], equals[RAPPORT_MARKS_MAX / 64];
    uint32_t flags = rapport_mark_line(line, count, space, quote, equals, 0);
    if (flags & (RAPPORT_MARKS_CONTROL | RAPPORT_MARKS_BACKSLASH)) return 0;
    size_t words = (count + 63) / 64;
    size_t stamp = rapport_next_mark(space, words, 0, count);
    if (stamp >= count) return 0;
    size_t first, last, end;
    if (!rapport_value(line, count, space, quote, words, stamp + 1, &first, &last, &end) || first == last || end >= count) return 0;
    tokens[0] = (uint16_t)stamp;
    tokens[1] = (uint16_t)first;
    tokens[2] = (uint16_t)last;
    size_t verb = end + 1;
    size_t verbEnd = rapport_next_mark(space, words, verb, count);
    if (verbEnd >= count || verbEnd == verb) return 0;
    tokens[3] = (uint16_t)verb;
    tokens[4] = (uint16_t)verbEnd;
    if (!rapport_value(line, count, space, quote, words, verbEnd + 1, &first, &last, &end) || first == last) return 0;
    tokens[5] = (uint16_t)first;
    tokens[6] = (uint16_t)last;
    size_t fields = 0;
    size_t p = end;
    while (p < count) {
        // `p` is the space after the last value: one space, then a key and "=".
        size_t key = p + 1;
        if (key >= count || line[key] == 0x20 || fields == RAPPORT_TOKENS_FIELDS) return 0;
        size_t sign = rapport_next_mark(equals, words, key, count);
        if (sign >= count || !rapport_value(line, count, space, quote, words, sign + 1, &first, &last, &end)) return 0;
        uint16_t *field = tokens + 8 + 4 * fields;
        field[0] = (uint16_t)key;
        field[1] = (uint16_t)sign;
        field[2] = (uint16_t)first;
        field[3] = (uint16_t)last;
        fields++;
        p = end;
    }
    tokens[7] = (uint16_t)fields;
    return (flags & RAPPORT_MARKS_HIGH) ? 2 : 1;
}

#endif
