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
/// The marks of one sixteen-byte vector, shifted right by `shift` (when the vector holds
/// bytes before the ones wanted); the other kinds or-ed into `odd` (control or DEL),
/// `slash` and `high` (bytes with the top bit set), to be masked once for the whole line.
__attribute__((always_inline))
static inline void rapport_mark_vector_sse2(__m128i v, unsigned shift, uint32_t *s, uint32_t *q, uint32_t *e,
                                            __m128i *odd, __m128i *slash, __m128i *high) {
    *s = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x20))) >> shift;
    *q = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x22))) >> shift;
    *e = (uint32_t)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(0x3D))) >> shift;
    // Unsigned v <= 0x1F: the minimum of v and 0x1F is v.
    __m128i control = _mm_cmpeq_epi8(_mm_min_epu8(v, _mm_set1_epi8(0x1F)), v);
    *odd = _mm_or_si128(*odd, _mm_or_si128(control, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x7F))));
    *slash = _mm_or_si128(*slash, _mm_cmpeq_epi8(v, _mm_set1_epi8(0x5C)));
    *high = _mm_or_si128(*high, v);
}

/// A line's marks the SSE2 way, sixteen bytes at a time: each whole 64-byte word in four
/// vectors, then only the sixteen-byte blocks of a last word that hold some of the line.
/// A last block the line does not fill is read as the sixteen bytes that end the line,
/// overlapping the block before (bytes of the line, so the other kinds may see them
/// twice), and its marks shifted down to its start; a line shorter than sixteen bytes is
/// copied into a block padded with a byte that is none of the kinds. Nothing past the
/// line's end is read.
__attribute__((always_inline))
static inline uint32_t rapport_mark_line_sse2(const uint8_t *line, size_t count, uint64_t *space, uint64_t *quote,
                                              uint64_t *equals) {
    __m128i odd = _mm_setzero_si128(), slash = _mm_setzero_si128(), high = _mm_setzero_si128();
    size_t whole = count / 64;
    for (size_t w = 0; w < whole; w++) {
        uint64_t sp = 0, qu = 0, eq = 0;
        for (unsigned k = 0; k < 4; k++) {
            uint32_t s, q, e;
            rapport_mark_vector_sse2(_mm_loadu_si128((const __m128i *)(line + 64 * w + 16 * k)), 0, &s, &q, &e,
                                     &odd, &slash, &high);
            sp |= (uint64_t)s << (16 * k);
            qu |= (uint64_t)q << (16 * k);
            eq |= (uint64_t)e << (16 * k);
        }
        space[w] = sp;
        quote[w] = qu;
        equals[w] = eq;
    }
    size_t base = 64 * whole;
    if (base < count) {
        uint64_t sp = 0, qu = 0, eq = 0;
        uint32_t s, q, e;
        size_t at = base;
        for (; at + 16 <= count; at += 16) {
            rapport_mark_vector_sse2(_mm_loadu_si128((const __m128i *)(line + at)), 0, &s, &q, &e, &odd, &slash, &high);
            sp |= (uint64_t)s << (at - base);
            qu |= (uint64_t)q << (at - base);
            eq |= (uint64_t)e << (at - base);
        }
        if (at < count) {
            __m128i v;
            unsigned shift = 0;
            if (count >= 16) {
                v = _mm_loadu_si128((const __m128i *)(line + count - 16));
                shift = (unsigned)(16 - (count - at));
            } else {
                uint8_t last[16];
                memset(last, 'a', 16);
                memcpy(last, line + at, count - at);
                v = _mm_loadu_si128((const __m128i *)last);
            }
            rapport_mark_vector_sse2(v, shift, &s, &q, &e, &odd, &slash, &high);
            sp |= (uint64_t)s << (at - base);
            qu |= (uint64_t)q << (at - base);
            eq |= (uint64_t)e << (at - base);
        }
        space[whole] = sp;
        quote[whole] = qu;
        equals[whole] = eq;
    }
    return (_mm_movemask_epi8(odd) ? RAPPORT_MARKS_CONTROL : 0) | (_mm_movemask_epi8(slash) ? RAPPORT_MARKS_BACKSLASH : 0)
        | (_mm_movemask_epi8(high) ? RAPPORT_MARKS_HIGH : 0);
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
#if defined(__SSE2__)
    if (!portable) return rapport_mark_line_sse2(line, count, space, quote, equals);
#endif
    size_t words = (count + 63) / 64;
    uint8_t last[64];
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

/// The next separator at or after the one `*bits` (of word `*w` of `marks`, `words` long)
/// holds: its place, cleared from `*bits`; or `count` when none is left.
__attribute__((always_inline))
static inline size_t rapport_next_separator(const uint64_t *marks, size_t words, size_t *w, uint64_t *bits, size_t count) {
    while (*bits == 0) {
        if (++*w >= words) return count;
        *bits = marks[*w];
    }
    size_t at = (*w << 6) | (size_t)__builtin_ctzll(*bits);
    *bits &= *bits - 1;
    return at;
}

/// The value that is the token [start, end): quoted when it starts with a quote, which
/// must then be closed by its last byte (and the two are cleared from `quotes`, the line's
/// marks of them); bare otherwise. Its bytes are [*first, *last). 0 for an unclosed quote.
__attribute__((always_inline))
static inline int rapport_token_value(const uint8_t *line, size_t start, size_t end, size_t *first, size_t *last,
                                      uint64_t *quotes) {
    if (start < end && line[start] == 0x22) {
        if (end - start < 2 || line[end - 1] != 0x22) return 0;
        *first = start + 1;
        *last = end - 1;
        quotes[start >> 6] &= ~((uint64_t)1 << (start & 63));
        quotes[*last >> 6] &= ~((uint64_t)1 << (*last & 63));
        return 1;
    }
    *first = start;
    *last = end;
    return 1;
}

enum {
    /// The most fields `rapport_tokenize_line` reads.
    RAPPORT_TOKENS_FIELDS = 16,
    /// The size of its `tokens` array.
    RAPPORT_TOKENS_COUNT = 8 + 4 * RAPPORT_TOKENS_FIELDS,
};

/// Whether `count` bytes are UTF-8 as the journal takes it: each scalar in its shortest
/// form, none a surrogate or past U+10FFFF. Runs of ASCII are stepped over sixteen bytes
/// at a time (with SSE2) to the next byte of 0x80 or more, the last run as the sixteen
/// bytes that end the line.
static inline int rapport_valid_utf8(const uint8_t *bytes, size_t count) {
    size_t i = 0;
    while (i < count) {
#if defined(__SSE2__)
        if (i + 16 <= count) {
            unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(bytes + i)));
            if (high == 0) {
                i += 16;
                continue;
            }
            i += (size_t)__builtin_ctz(high);
        } else if (count >= 16) {
            // The last few bytes, as the sixteen that end the line.
            unsigned high = (unsigned)_mm_movemask_epi8(_mm_loadu_si128((const __m128i *)(bytes + count - 16))) >> (16 - (count - i));
            if (high == 0) return 1;
            i += (size_t)__builtin_ctz(high);
        }
#endif
        uint8_t b = bytes[i];
        if (b < 0x80) {
            i++;
            continue;
        }
        size_t length;
        uint32_t least, scalar;
        if (b >= 0xC2 && b <= 0xDF) {
            length = 2, least = 0x80, scalar = b & 0x1F;
        } else if (b >= 0xE0 && b <= 0xEF) {
            length = 3, least = 0x800, scalar = b & 0x0F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            length = 4, least = 0x10000, scalar = b & 0x07;
        } else {
            return 0;
        }
        if (length > count - i) return 0;
        for (size_t k = 1; k < length; k++) {
            uint8_t c = bytes[i + k];
            if ((c & 0xC0) != 0x80) return 0;
            scalar = scalar << 6 | (c & 0x3F);
        }
        if (scalar < least || scalar > 0x10FFFF || (scalar >= 0xD800 && scalar <= 0xDFFF)) return 0;
        i += length;
    }
    return 1;
}

/// `rapport_tokenize_line` from a line's marks and flags (which the marks may have changed:
/// spaces and equals signs within quotes are cleared, and quotes as they are paired).
__attribute__((always_inline))
static inline int rapport_tokens_from_marks(const uint8_t *line, size_t count, uint64_t *space, uint64_t *quote,
                                            uint64_t *equals, uint32_t flags, uint16_t *tokens) {
    if (flags & (RAPPORT_MARKS_CONTROL | RAPPORT_MARKS_BACKSLASH)) return 0;
    size_t words = (count + 63) / 64;
    // The bytes from each quote up to the next (an opening quote to its closing one, when
    // quotes pair up): the running parity of quotes, carried from word to word. Spaces and
    // equals signs there are a quoted value's, not separators.
    uint64_t inside = 0;
    for (size_t w = 0; w < words; w++) {
        uint64_t x = quote[w];
        x ^= x << 1;
        x ^= x << 2;
        x ^= x << 4;
        x ^= x << 8;
        x ^= x << 16;
        x ^= x << 32;
        x ^= inside;
        inside = (uint64_t)0 - (x >> 63);
        space[w] &= ~x;
        equals[w] &= ~x;
    }
    if (inside) return 0;
    // Tokens are the runs between the spaces outside quotes, one space apart. Each quoted
    // value clears its two quotes from the marks: every quote must open or close one.
    size_t w = 0;
    uint64_t bits = space[0];
    size_t stamp = rapport_next_separator(space, words, &w, &bits, count);
    if (stamp >= count) return 0;
    size_t first, last;
    size_t author = stamp + 1, authorEnd = rapport_next_separator(space, words, &w, &bits, count);
    if (authorEnd >= count || !rapport_token_value(line, author, authorEnd, &first, &last, quote) || first == last) return 0;
    tokens[0] = (uint16_t)stamp;
    tokens[1] = (uint16_t)first;
    tokens[2] = (uint16_t)last;
    size_t verb = authorEnd + 1, verbEnd = rapport_next_separator(space, words, &w, &bits, count);
    if (verbEnd >= count || verbEnd == verb) return 0;
    tokens[3] = (uint16_t)verb;
    tokens[4] = (uint16_t)verbEnd;
    size_t subject = verbEnd + 1, p = rapport_next_separator(space, words, &w, &bits, count);
    if (!rapport_token_value(line, subject, p, &first, &last, quote) || first == last) return 0;
    tokens[5] = (uint16_t)first;
    tokens[6] = (uint16_t)last;
    size_t fields = 0;
    while (p < count) {
        // `p` is the space after the last token: then a key, "=" and a value.
        size_t key = p + 1;
        p = rapport_next_separator(space, words, &w, &bits, count);
        if (p == key || fields == RAPPORT_TOKENS_FIELDS) return 0;
        size_t sign = rapport_next_mark(equals, words, key, count);
        if (sign >= p || !rapport_token_value(line, sign + 1, p, &first, &last, quote)) return 0;
        uint16_t *field = tokens + 8 + 4 * fields;
        field[0] = (uint16_t)key;
        field[1] = (uint16_t)sign;
        field[2] = (uint16_t)first;
        field[3] = (uint16_t)last;
        fields++;
    }
    uint64_t stray = 0;
    for (size_t i = 0; i < words; i++) stray |= quote[i];
    if (stray) return 0;
    tokens[7] = (uint16_t)fields;
    if (!(flags & RAPPORT_MARKS_HIGH)) return 1;
    return rapport_valid_utf8(line, count) ? 2 : 0;
}

/// Finds the tokens of a line in the shape rapport writes: a timestamp, author, verb and
/// subject, then `key=value` fields, each separated by one space; values bare, or quoted
/// with no escape. Into `tokens`: [0] the timestamp's end; [1], [2] the author's bytes;
/// [3], [4] the verb's; [5], [6] the subject's; [7] how many fields; then for each field
/// its key's start and end and its value's. Returns 0 when the line has another shape
/// (a blank or comment line, a control character or backslash anywhere, an empty author
/// or subject, more than `RAPPORT_TOKENS_FIELDS` fields, a line over `RAPPORT_MARKS_MAX`
/// bytes, any syntax error, bytes that are not UTF-8), 2 when it holds bytes of 0x80 or
/// more (UTF-8), 1 otherwise. Keys are not checked: only their places are found.
static inline int rapport_tokenize_line(const uint8_t *line, size_t count, uint16_t *tokens) {
    if (count == 0 || count > RAPPORT_MARKS_MAX || line[0] == 0x20 || line[0] == 0x23) return 0;
    uint64_t space[RAPPORT_MARKS_MAX / 64], quote[RAPPORT_MARKS_MAX / 64], equals[RAPPORT_MARKS_MAX / 64];
    uint32_t flags = rapport_mark_line(line, count, space, quote, equals, 0);
    return rapport_tokens_from_marks(line, count, space, quote, equals, flags, tokens);
}

/// `rapport_tokenize_line` the quickest way this processor has (the marks 32 bytes at a
/// time with AVX2 where it has that), chosen once when the program starts.
int rapport_tokenize(const uint8_t *line, size_t count, uint16_t *tokens);

/// Whether `rapport_tokenize` marks lines with AVX2 on this processor.
int rapport_tokenize_uses_avx2(void);

/// `rapport_mark_line` with AVX2; only where `rapport_tokenize_uses_avx2()` says so.
uint32_t rapport_mark_line_avx2(const uint8_t *line, size_t count, uint64_t *space, uint64_t *quote, uint64_t *equals);

#endif
