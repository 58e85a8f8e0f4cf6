// Everything but the AVX2 way is in the header, inline, so that Swift can inline it too.
#include "CLineMarks.h"

#if defined(__x86_64__) && (defined(__clang__) || defined(__GNUC__))
#include <cpuid.h>
#include <immintrin.h>

/// Whether the processor and the system let a program use AVX2 (and the BMI1 bit
/// instructions that come with it): the processor's feature bits, and the system's
/// promise (XCR0) to save the 256-bit registers across a switch of threads.
static int rapport_cpu_has_avx2(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    const unsigned osxsave = 1u << 27, avx = 1u << 28;
    if ((c & (osxsave | avx)) != (osxsave | avx)) return 0;
    unsigned lo, hi;
    __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
    if ((lo & 0x6) != 0x6) return 0;
    if (__get_cpuid_max(0, 0) < 7) return 0;
    __cpuid_count(7, 0, a, b, c, d);
    const unsigned bmi1 = 1u << 3, avx2 = 1u << 5;
    return (b & (bmi1 | avx2)) == (bmi1 | avx2);
}

/// The marks of one 32-byte vector, shifted right by `shift`; the other kinds or-ed in
/// as in `rapport_mark_vector_sse2`.
__attribute__((target("avx2,bmi"), always_inline))
static inline void rapport_mark_vector_avx2(__m256i v, unsigned shift, uint64_t *s, uint64_t *q, uint64_t *e,
                                            __m256i *odd, __m256i *slash, __m256i *high) {
    *s = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x20))) >> shift;
    *q = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x22))) >> shift;
    *e = (uint32_t)_mm256_movemask_epi8(_mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x3D))) >> shift;
    __m256i control = _mm256_cmpeq_epi8(_mm256_min_epu8(v, _mm256_set1_epi8(0x1F)), v);
    *odd = _mm256_or_si256(*odd, _mm256_or_si256(control, _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x7F))));
    *slash = _mm256_or_si256(*slash, _mm256_cmpeq_epi8(v, _mm256_set1_epi8(0x5C)));
    *high = _mm256_or_si256(*high, v);
}

/// As `rapport_mark_line_sse2`, 32 bytes at a time: each whole 64-byte word in two
/// vectors; a last word's whole 32 bytes, then its rest read as the 32 bytes that end the
/// line (a line shorter than that is copied into a padded block). Nothing past the
/// line's end is read.
__attribute__((target("avx2,bmi")))
uint32_t rapport_mark_line_avx2(const uint8_t *line, size_t count, uint64_t *space, uint64_t *quote, uint64_t *equals) {
    __m256i odd = _mm256_setzero_si256(), slash = _mm256_setzero_si256(), high = _mm256_setzero_si256();
    uint64_t s0, q0, e0, s1, q1, e1;
    size_t whole = count / 64;
    for (size_t w = 0; w < whole; w++) {
        rapport_mark_vector_avx2(_mm256_loadu_si256((const __m256i *)(line + 64 * w)), 0, &s0, &q0, &e0, &odd, &slash, &high);
        rapport_mark_vector_avx2(_mm256_loadu_si256((const __m256i *)(line + 64 * w + 32)), 0, &s1, &q1, &e1, &odd, &slash, &high);
        space[w] = s0 | s1 << 32;
        quote[w] = q0 | q1 << 32;
        equals[w] = e0 | e1 << 32;
    }
    size_t base = 64 * whole;
    if (base < count) {
        uint64_t sp = 0, qu = 0, eq = 0;
        size_t at = base;
        if (at + 32 <= count) {
            rapport_mark_vector_avx2(_mm256_loadu_si256((const __m256i *)(line + at)), 0, &sp, &qu, &eq, &odd, &slash, &high);
            at += 32;
        }
        if (at < count) {
            __m256i v;
            unsigned shift = 0;
            if (count >= 32) {
                v = _mm256_loadu_si256((const __m256i *)(line + count - 32));
                shift = (unsigned)(32 - (count - at));
            } else {
                uint8_t last[32];
                memset(last, 'a', 32);
                memcpy(last, line + at, count - at);
                v = _mm256_loadu_si256((const __m256i *)last);
            }
            rapport_mark_vector_avx2(v, shift, &s1, &q1, &e1, &odd, &slash, &high);
            sp |= s1 << (at - base);
            qu |= q1 << (at - base);
            eq |= e1 << (at - base);
        }
        space[whole] = sp;
        quote[whole] = qu;
        equals[whole] = eq;
    }
    return (_mm256_movemask_epi8(odd) ? RAPPORT_MARKS_CONTROL : 0) | (_mm256_movemask_epi8(slash) ? RAPPORT_MARKS_BACKSLASH : 0)
        | (_mm256_movemask_epi8(high) ? RAPPORT_MARKS_HIGH : 0);
}

__attribute__((target("avx2,bmi")))
static int rapport_tokenize_avx2(const uint8_t *line, size_t count, uint16_t *tokens) {
    if (count == 0 || count > RAPPORT_MARKS_MAX || line[0] == 0x20 || line[0] == 0x23) return 0;
    uint64_t space[RAPPORT_MARKS_MAX / 64], quote[RAPPORT_MARKS_MAX / 64], equals[RAPPORT_MARKS_MAX / 64];
    uint32_t flags = rapport_mark_line_avx2(line, count, space, quote, equals);
    return rapport_tokens_from_marks(line, count, space, quote, equals, flags, tokens);
}

static int rapport_tokenize_default(const uint8_t *line, size_t count, uint16_t *tokens) {
    return rapport_tokenize_line(line, count, tokens);
}

/// The way chosen, set before `main` runs and never changed after.
static int (*rapport_tokenize_way)(const uint8_t *, size_t, uint16_t *) = rapport_tokenize_default;
static int rapport_avx2 = 0;

__attribute__((constructor))
static void rapport_choose_tokenize_way(void) {
    rapport_avx2 = rapport_cpu_has_avx2();
    if (rapport_avx2) rapport_tokenize_way = rapport_tokenize_avx2;
}

int rapport_tokenize(const uint8_t *line, size_t count, uint16_t *tokens) {
    return rapport_tokenize_way(line, count, tokens);
}

int rapport_tokenize_uses_avx2(void) { return rapport_avx2; }

#else

int rapport_tokenize(const uint8_t *line, size_t count, uint16_t *tokens) {
    return rapport_tokenize_line(line, count, tokens);
}

int rapport_tokenize_uses_avx2(void) { return 0; }

uint32_t rapport_mark_line_avx2(const uint8_t *line, size_t count, uint64_t *space, uint64_t *quote, uint64_t *equals) {
    return rapport_mark_line(line, count, space, quote, equals, 0);
}

#endif
