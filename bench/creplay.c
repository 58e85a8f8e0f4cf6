// A floor for replaying a journal: a plain C tokenizer and table replay, the kind of
// peer the replay target is set against ("within 2× of a 110-line C tokenizer"). It
// maps the whole file, splits each line into timestamp, author, verb, subject and
// key=value fields (a value that opens with a quote runs to the next one), and folds the
// events into hash tables: accounts, contacts filed under them, invoices with their
// amounts, payments against invoices, complaints and conversations counted. It checks
// nothing beyond the shape, reports no errors, keeps no text but what the tables point
// at in the mapped file, and keeps no history: what a replay costs with none of the
// work a book does, not a rival to one.
//
// cc -O2 -o creplay bench/creplay.c && ./creplay JOURNAL
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

typedef struct { const char *p; uint32_t n; } text;
// An account's totals; a contact's or an invoice's account, by its place in `accounts`.
typedef struct { text key; int32_t account, contacts, complaints, talks; int64_t amount, paid; } entry;
// Open addressing: each slot holds a key's hash (high half) and its entry's place + 1.
typedef struct { uint64_t *slots; entry *entries; size_t mask, count; } table;

static uint32_t hash(text t) {
    uint64_t h = 1469598103934665603ull;
    for (uint32_t i = 0; i < t.n; i++) h = (h ^ (uint8_t)t.p[i]) * 1099511628211ull;
    return (uint32_t)(h >> 32) | 1;
}
static void grow(table *t) {
    size_t size = t->slots ? 2 * (t->mask + 1) : 1 << 16;
    uint64_t *slots = calloc(size, sizeof *slots);
    for (size_t i = 0; t->slots && i <= t->mask; i++) {
        if (!t->slots[i]) continue;
        size_t j = (t->slots[i] >> 32) & (size - 1);
        while (slots[j]) j = (j + 1) & (size - 1);
        slots[j] = t->slots[i];
    }
    free(t->slots);
    t->slots = slots, t->mask = size - 1;
    t->entries = realloc(t->entries, size / 2 * sizeof(entry));
}
// The entry for `key`, made (zeroed) when `make` and it is not there; NULL otherwise.
static entry *find(table *t, text key, int make) {
    if (make && 2 * (t->count + 1) > t->mask + 1) grow(t);
    uint32_t h = hash(key);
    for (size_t i = h & t->mask;; i = (i + 1) & t->mask) {
        uint64_t slot = t->slots[i];
        if (!slot) {
            if (!make) return NULL;
            entry *e = &t->entries[t->count++];
            memset(e, 0, sizeof *e);
            e->key = key;
            t->slots[i] = (uint64_t)h << 32 | t->count;
            return e;
        }
        entry *e = &t->entries[(uint32_t)slot - 1];
        if ((uint32_t)(slot >> 32) == h && e->key.n == key.n && memcmp(e->key.p, key.p, key.n) == 0) return e;
    }
}
// "2413.00" as minor units.
static int64_t money(text t) {
    int64_t v = 0;
    for (uint32_t i = 0; i < t.n; i++) if (t.p[i] >= '0' && t.p[i] <= '9') v = 10 * v + (t.p[i] - '0');
    return v;
}
static int same(text t, const char *s) { return strlen(s) == t.n && memcmp(t.p, s, t.n) == 0; }

int main(int argc, char **argv) {
    if (argc < 2) { fprintf(stderr, "usage: creplay JOURNAL\n"); return 2; }
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    int fd = open(argv[1], O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) != 0) { perror(argv[1]); return 1; }
    // The file mapped and its pages mapped in at once (quicker here than a read into a copy).
    size_t have = (size_t)st.st_size;
    char *buf = have ? mmap(NULL, have, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0) : NULL;
    if (have && buf == MAP_FAILED) { perror(argv[1]); return 1; }
    table accounts = {0}, contacts = {0}, invoices = {0};
    grow(&accounts), grow(&contacts), grow(&invoices);
    size_t lines = 0, events = 0;
    for (char *line = buf, *end; line < buf + have; line = end + 1) {
        end = memchr(line, '\n', (size_t)(buf + have - line));
        if (!end) end = buf + have;
        lines++;
        if (line == end || *line == '#') continue;
        // Tokens: four words, then key=value fields; a value that opens with a quote runs
        // to the next quote. The runs are found with memchr, as a C programmer would.
        text word[4] = {{0}}, key[16], value[16];
        int words = 0, fields = 0;
        for (char *p = line; p < end; p++) {
            char *start = p, *sign = NULL;
            if (words == 4 && (sign = memchr(p, '=', (size_t)(end - p))) && sign[1] == '"') {
                char *close = memchr(sign + 2, '"', (size_t)(end - sign - 2));
                p = close ? close + 1 : end;
            } else {
                p = memchr(p, ' ', (size_t)(end - p));
                if (!p) p = end;
            }
            if (words < 4) word[words++] = (text){ start, (uint32_t)(p - start) };
            else if (sign && sign < p && fields < 16) {
                char *v = sign + 1, *ve = p;
                if (*v == '"') v++, ve--;
                key[fields] = (text){ start, (uint32_t)(sign - start) };
                value[fields++] = (text){ v, (uint32_t)(ve - v) };
            }
        }
        if (words < 4) continue;
        text account = {0}, invoice = {0}, amount = {0};
        for (int i = 0; i < fields; i++) {
            if (same(key[i], "account")) account = value[i];
            else if (same(key[i], "invoice")) invoice = value[i];
            else if (same(key[i], "amount")) amount = value[i];
        }
        events++;
        text verb = word[2], subject = word[3];
        if (same(verb, "account.open")) {
            find(&accounts, subject, 1);
        } else if (same(verb, "contact.add")) {
            entry *a = find(&accounts, account, 0);
            if (a) a->contacts++, find(&contacts, subject, 1)->account = (int32_t)(a - accounts.entries);
        } else if (same(verb, "invoice.issue")) {
            entry *a = find(&accounts, account, 0);
            if (a) a->amount += money(amount), find(&invoices, subject, 1)->account = (int32_t)(a - accounts.entries);
        } else if (same(verb, "payment.record")) {
            entry *i = find(&invoices, invoice, 0);
            if (i) i->paid += money(amount);
        } else if (same(verb, "complaint.open")) {
            entry *a = find(&accounts, account, 0);
            if (a) a->complaints++;
        } else if (same(verb, "interaction.log")) {
            entry *a = find(&accounts, subject, 0);
            if (a) a->talks++;
        }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.3f s, %zu lines, %zu events: %zu accounts, %zu contacts, %zu invoices\n",
           (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9, lines, events, accounts.count,
           contacts.count, invoices.count);
    return 0;
}
