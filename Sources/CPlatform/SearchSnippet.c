// ---- Search snippets ------------------------------------------------------------------------
//
// hearth_snippet(open, close, ellipsis, tokens): the piece of a matching record's text shown in
// search results, chosen by the same rule as FTS5's own snippet() (same scores, same ties, same
// marks), but with work that does not grow faster than the text.
//
// FTS5's snippet() scores a window of `tokens` words starting at every match, and scoring one
// window walks every match of the row again: the work is the square of the number of matches
// (a 500 KB entry of one repeated word took minutes). It also splits the whole text into words
// twice, however early the chosen window lies. Here:
//   - every window's score comes from one pass over the matches, which are in text order: a
//     window that slides forward adds the matches it reaches and drops those it leaves, and
//     counts how many different phrases it holds;
//   - the text is split into words lazily, from its start and only as far as the windows looked
//     at so far need (where sentences begin) and the chosen window ends;
//   - the windows are looked at in the order FTS5 looks at them, and the looking stops as soon
//     as no window left can score higher than the best one (the best score of the windows that
//     start at each match onwards is known before any word is split): for a repetitive text that
//     is at its very start;
//   - every piece of text copied into the snippet (a word, the space between words, the text
//     before the first word or after the last) is at most HEARTH_SNIPPET_PIECE bytes: longer ones
//     keep their ends around the ellipsis, so a snippet stays short whatever the text holds.
//
// The rule (FTS5's): a window starting at a match scores 1000 for each phrase of the query it
// holds and 1 for each further match of a phrase it already holds, and is then centred on the
// matches it holds; when the text is longer than the window, the window starting at the sentence
// around a match (a sentence starts after '.' or ':' and white space) also competes, with a
// bonus of 100 (120 for the text's start). The first window with the highest score wins. Matched
// phrases are marked, overlapping ones as one.

#include "CPlatform.h"

#include <sqlite3.h>
#include <string.h>

#define HEARTH_SNIPPET_PIECE 256
#define HEARTH_SNIPPET_MOST_TOKENS 64
/* Words are split ahead in steps of at least this many, so that a long text is not split one
 * word per call of the tokenizer. */
#define HEARTH_SNIPPET_STEP 64

static _Thread_local long long snippetTokensRead = 0;
static _Thread_local long long snippetCalls = 0;

long long hearth_snippet_tokens_read(void) { return snippetTokensRead; }
long long hearth_snippet_calls(void) { return snippetCalls; }

/* ---- Words of the text, split lazily ---- */

typedef struct {
    const Fts5ExtensionApi *api;
    Fts5Context *fts;
    const char *text;
    int length;
    int base;        /* byte offset of the piece being split now */
    int resume;      /* where the next split starts: the end of the last word recorded */
    int finished;    /* the whole text is split */
    int target;      /* the split stops once word `target` is recorded */
    int count;       /* words recorded */
    int capacity;
    int *starts;     /* byte range of each word */
    int *ends;
    int sentenceCount;
    int sentenceCapacity;
    int *sentences;  /* positions of the words that start a sentence, ascending */
} SnippetWords;

static int snippetGrow(int **array, int *capacity, int needed) {
    if (needed <= *capacity) return SQLITE_OK;
    int grown = *capacity ? *capacity * 2 : 128;
    while (grown < needed) grown *= 2;
    int *bigger = sqlite3_realloc64(*array, (sqlite3_uint64)grown * sizeof(int));
    if (bigger == NULL) return SQLITE_NOMEM;
    *array = bigger;
    *capacity = grown;
    return SQLITE_OK;
}

/* Room for one more word: `starts` and `ends` grow together. */
static int snippetWordsRoom(SnippetWords *w) {
    if (w->count < w->capacity) return SQLITE_OK;
    int startsCapacity = w->capacity;
    int rc = snippetGrow(&w->starts, &startsCapacity, w->count + 1);
    if (rc == SQLITE_OK) rc = snippetGrow(&w->ends, &w->capacity, w->count + 1);
    return rc;
}

static int snippetWordSeen(void *context, int flags, const char *token, int tokenLength, int start, int end) {
    (void)token;
    (void)tokenLength;
    SnippetWords *w = context;
    if (flags & FTS5_TOKEN_COLOCATED) return SQLITE_OK;
    start += w->base;
    end += w->base;
    int rc = snippetWordsRoom(w);
    if (rc != SQLITE_OK) return rc;
    /* As FTS5 finds sentences: the first word, and a word after white space that follows '.' or ':'. */
    int startsSentence = w->count == 0;
    if (!startsSentence) {
        int i = start - 1;
        char c = 0;
        for (; i >= 0; i--) {
            c = w->text[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        }
        startsSentence = i != start - 1 && (c == '.' || c == ':');
    }
    if (startsSentence) {
        rc = snippetGrow(&w->sentences, &w->sentenceCapacity, w->sentenceCount + 1);
        if (rc != SQLITE_OK) return rc;
        w->sentences[w->sentenceCount++] = w->count;
    }
    w->starts[w->count] = start;
    w->ends[w->count] = end;
    w->count++;
    snippetTokensRead++;
    return w->count > w->target ? SQLITE_DONE : SQLITE_OK;
}

/* Makes sure that word `position` is recorded, unless the text has fewer words. Splitting
 * resumes at the end of the last word recorded: what follows a word is not part of it, so the
 * words found from there are the ones a split of the whole text finds. */
static int snippetWordsReach(SnippetWords *w, int position) {
    if (position < w->count || w->finished) return SQLITE_OK;
    int target = position;
    if (target < w->count + HEARTH_SNIPPET_STEP) target = w->count + HEARTH_SNIPPET_STEP;
    w->target = target;
    w->base = w->resume;
    int rc = w->api->xTokenize(w->fts, w->text + w->base, w->length - w->base, w, snippetWordSeen);
    if (rc == SQLITE_DONE) rc = SQLITE_OK;
    if (rc != SQLITE_OK) return rc;
    if (w->count <= target) w->finished = 1;
    else w->resume = w->ends[w->count - 1];
    return SQLITE_OK;
}

/* ---- The snippet text ---- */

typedef struct {
    char *bytes;
    sqlite3_int64 length;
    sqlite3_int64 capacity;
    int rc;
} SnippetText;

static void snippetAppend(SnippetText *out, const char *bytes, sqlite3_int64 length) {
    if (out->rc != SQLITE_OK || length <= 0) return;
    if (out->length + length + 1 > out->capacity) {
        sqlite3_int64 grown = out->capacity ? out->capacity * 2 : 256;
        while (grown < out->length + length + 1) grown *= 2;
        char *bigger = sqlite3_realloc64(out->bytes, (sqlite3_uint64)grown);
        if (bigger == NULL) { out->rc = SQLITE_NOMEM; return; }
        out->bytes = bigger;
        out->capacity = grown;
    }
    memcpy(out->bytes + out->length, bytes, (size_t)length);
    out->length += length;
}

static void snippetAppendString(SnippetText *out, const char *string) { snippetAppend(out, string, (sqlite3_int64)strlen(string)); }

static int isContinuationByte(char c) { return ((unsigned char)c & 0xC0) == 0x80; }

/* Copies text[from, to) into the snippet; a piece longer than HEARTH_SNIPPET_PIECE keeps its
 * first and last bytes (whole UTF-8 characters) around the ellipsis. */
static void snippetAppendText(SnippetText *out, const char *text, int from, int to, const char *ellipsis) {
    if (to - from <= HEARTH_SNIPPET_PIECE) { snippetAppend(out, text + from, to - from); return; }
    int head = from + HEARTH_SNIPPET_PIECE / 2;
    while (head > from && isContinuationByte(text[head])) head--;
    int tail = to - HEARTH_SNIPPET_PIECE / 2;
    while (tail < to && isContinuationByte(text[tail])) tail++;
    snippetAppend(out, text + from, head - from);
    snippetAppendString(out, ellipsis);
    snippetAppend(out, text + tail, to - tail);
}

/* ---- Matches ---- */

typedef struct {
    int count;
    int *offsets;      /* word position of each match, ascending (FTS5 lists them in text order) */
    int *phrases;      /* which phrase of the query */
    int phraseCount;
    int *phraseSizes;  /* words in each phrase */
} SnippetMatches;

/* Runs of overlapping matches, each marked as one (as FTS5 does), from the first match on. */
typedef struct {
    const SnippetMatches *matches;
    int next;
    int start;
    int end;           /* last word of the run; start and end are -1 after the last run */
} SnippetRuns;

static void snippetRunsNext(SnippetRuns *runs) {
    const SnippetMatches *m = runs->matches;
    runs->start = -1;
    runs->end = -1;
    while (runs->next < m->count) {
        int offset = m->offsets[runs->next];
        int end = offset - 1 + m->phraseSizes[m->phrases[runs->next]];
        if (runs->start < 0) {
            runs->start = offset;
            runs->end = end;
        } else if (offset <= runs->end) {
            if (end > runs->end) runs->end = end;
        } else {
            break;
        }
        runs->next++;
    }
}

/* The score of the window of `tokens` words starting at word `from`, whose first match (if
 * any) is match `first`: 1000 per phrase held, 1 per further match. `seen` and `stamp` mark the
 * phrases met (one stamp per call, so nothing needs clearing). */
static sqlite3_int64 snippetWindowScore(const SnippetMatches *m, int first, int from, int tokens, int *seen, int stamp) {
    sqlite3_int64 distinct = 0, held = 0;
    for (int i = first; i < m->count && (sqlite3_int64)m->offsets[i] < (sqlite3_int64)from + tokens; i++) {
        held++;
        if (seen[m->phrases[i]] != stamp) { seen[m->phrases[i]] = stamp; distinct++; }
    }
    return 1000 * distinct + (held - distinct);
}

static void hearth_snippet_function(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *result,
                                    int argumentCount, sqlite3_value **arguments) {
    if (argumentCount != 4) {
        sqlite3_result_error(result, "hearth_snippet takes (open, close, ellipsis, tokens)", -1);
        return;
    }
    const char *open = (const char *)sqlite3_value_text(arguments[0]);
    const char *close = (const char *)sqlite3_value_text(arguments[1]);
    const char *ellipsis = (const char *)sqlite3_value_text(arguments[2]);
    if (open == NULL) open = "";
    if (close == NULL) close = "";
    if (ellipsis == NULL) ellipsis = "";
    int tokens = sqlite3_value_int(arguments[3]);
    if (tokens < 1) tokens = 1;
    if (tokens > HEARTH_SNIPPET_MOST_TOKENS) tokens = HEARTH_SNIPPET_MOST_TOKENS;
    snippetTokensRead = 0;
    snippetCalls++;

    SnippetWords words;
    memset(&words, 0, sizeof(words));
    words.api = api;
    words.fts = fts;
    SnippetMatches m;
    memset(&m, 0, sizeof(m));
    SnippetText out;
    memset(&out, 0, sizeof(out));
    sqlite3_int64 *score = NULL, *bestFrom = NULL;
    int *adjusted = NULL, *counts = NULL, *seen = NULL;
    int docSize = 0, instanceCount = 0;

    int rc = api->xColumnText(fts, 0, &words.text, &words.length);
    if (rc == SQLITE_OK && words.text == NULL) { words.text = ""; words.length = 0; }
    if (rc == SQLITE_OK) rc = api->xColumnSize(fts, 0, &docSize);
    if (rc == SQLITE_OK) rc = api->xInstCount(fts, &instanceCount);
    if (rc == SQLITE_OK) {
        m.phraseCount = api->xPhraseCount(fts);
        if (m.phraseCount < 0) m.phraseCount = 0;
        sqlite3_uint64 n = (sqlite3_uint64)(instanceCount > 0 ? instanceCount : 1);
        sqlite3_uint64 p = (sqlite3_uint64)(m.phraseCount > 0 ? m.phraseCount : 1);
        m.offsets = sqlite3_malloc64(n * sizeof(int));
        m.phrases = sqlite3_malloc64(n * sizeof(int));
        adjusted = sqlite3_malloc64(n * sizeof(int));
        score = sqlite3_malloc64(n * sizeof(sqlite3_int64));
        bestFrom = sqlite3_malloc64((n + 1) * sizeof(sqlite3_int64));
        m.phraseSizes = sqlite3_malloc64(p * sizeof(int));
        counts = sqlite3_malloc64(p * sizeof(int));
        seen = sqlite3_malloc64(p * sizeof(int));
        if (!m.offsets || !m.phrases || !adjusted || !score || !bestFrom || !m.phraseSizes || !counts || !seen) rc = SQLITE_NOMEM;
    }
    if (rc == SQLITE_OK) {
        memset(counts, 0, (size_t)(m.phraseCount > 0 ? m.phraseCount : 1) * sizeof(int));
        memset(seen, 0, (size_t)(m.phraseCount > 0 ? m.phraseCount : 1) * sizeof(int));
        for (int p = 0; p < m.phraseCount; p++) m.phraseSizes[p] = api->xPhraseSize(fts, p);
        for (int i = 0; rc == SQLITE_OK && i < instanceCount; i++) {
            int phrase = 0, column = 0, offset = 0;
            rc = api->xInst(fts, i, &phrase, &column, &offset);
            if (rc == SQLITE_OK && column == 0 && phrase >= 0 && phrase < m.phraseCount && offset >= 0) {
                m.offsets[m.count] = offset;
                m.phrases[m.count] = phrase;
                m.count++;
            }
        }
    }

    /* The score and centred start of the window at each match, in one forward pass. */
    if (rc == SQLITE_OK) {
        int low = 0, high = 0;
        sqlite3_int64 distinct = 0;
        for (int k = 0; k < m.count; k++) {
            if (k > 0 && m.offsets[k] == m.offsets[k - 1]) {
                score[k] = score[k - 1];
                adjusted[k] = adjusted[k - 1];
                continue;
            }
            sqlite3_int64 end = (sqlite3_int64)m.offsets[k] + tokens;
            while (high < m.count && m.offsets[high] < end) {
                if (counts[m.phrases[high]]++ == 0) distinct++;
                high++;
            }
            while (low < k) {
                if (--counts[m.phrases[low]] == 0) distinct--;
                low++;
            }
            sqlite3_int64 held = high - low;
            score[k] = 1000 * distinct + (held - distinct);
            int first = m.offsets[k];
            int last = m.offsets[high - 1] + m.phraseSizes[m.phrases[high - 1]];
            sqlite3_int64 start = first - (tokens - (last - first)) / 2;
            if (start + tokens > docSize) start = (sqlite3_int64)docSize - tokens;
            if (start < 0) start = 0;
            adjusted[k] = (int)start;
        }
        bestFrom[m.count] = 0;
        for (int k = m.count - 1; k >= 0; k--) bestFrom[k] = score[k] > bestFrom[k + 1] ? score[k] : bestFrom[k + 1];
    }

    /* The windows in FTS5's order: at each match, the window there, then (for a text longer
     * than a window) the window at its sentence, each sentence once. */
    sqlite3_int64 best = 0;
    int bestStart = 0;
    if (rc == SQLITE_OK) {
        int sentences = docSize > tokens;
        int sentence = 0;          /* the sentence of the match before: its index in words.sentences */
        int sentenceFirst = 0;     /* the first match at or after that sentence's start */
        int sentenceDone = -1;     /* the last sentence whose window competed */
        int stamp = 0;
        for (int k = 0; rc == SQLITE_OK && k < m.count; k++) {
            if (k > 0) {
                /* Nothing left can win: the windows at matches k on score at most bestFrom[k]; a
                 * sentence window still to come starts at the sentence of the match before or
                 * later, so it holds no more than the window at the first match from there. */
                sqlite3_int64 bound = bestFrom[k];
                if (sentences && words.sentenceCount > 0) {
                    int startsText = words.sentences[sentence] == 0 && sentenceDone != sentence;
                    sqlite3_int64 sentenceBound = bestFrom[sentenceFirst] + (startsText ? 120 : 100);
                    if (sentenceBound > bound) bound = sentenceBound;
                }
                if (best >= bound) break;
            }
            if (score[k] > best) {
                best = score[k];
                bestStart = adjusted[k];
            }
            if (!sentences) continue;
            rc = snippetWordsReach(&words, m.offsets[k]);
            if (rc != SQLITE_OK || words.sentenceCount == 0) continue;
            while (sentence + 1 < words.sentenceCount && words.sentences[sentence + 1] <= m.offsets[k]) sentence++;
            while (sentenceFirst < m.count && m.offsets[sentenceFirst] < words.sentences[sentence]) sentenceFirst++;
            int from = words.sentences[sentence];
            if (from < m.offsets[k] && sentenceDone != sentence) {
                sentenceDone = sentence;
                sqlite3_int64 total = snippetWindowScore(&m, sentenceFirst, from, tokens, seen, ++stamp) + (from == 0 ? 120 : 100);
                if (total > best) {
                    best = total;
                    bestStart = from;
                }
            }
        }
    }

    /* The chosen window's words, with the matches that start in it marked (as FTS5's highlight
     * does, a run of overlapping matches that starts before the window is not marked). */
    if (rc == SQLITE_OK) {
        int last = bestStart + tokens - 1;
        rc = snippetWordsReach(&words, last);
        SnippetRuns runs = {&m, 0, -1, -1};
        snippetRunsNext(&runs);
        while (runs.start >= 0 && runs.start < bestStart) snippetRunsNext(&runs);
        if (bestStart > 0) snippetAppendString(&out, ellipsis);
        int copied = 0, marking = 0;
        int until = last < words.count - 1 ? last : words.count - 1;
        for (int p = bestStart; rc == SQLITE_OK && p <= until; p++) {
            int start = words.starts[p], end = words.ends[p];
            if (p == bestStart && bestStart > 0) copied = start;
            if (marking && (p <= runs.start || runs.start < 0) && start > copied) {
                snippetAppendString(&out, close);
                marking = 0;
            }
            if (p == runs.start && !marking) {
                snippetAppendText(&out, words.text, copied, start, ellipsis);
                snippetAppendString(&out, open);
                copied = start;
                marking = 1;
            }
            if (p == runs.end) {
                if (!marking) {
                    snippetAppendString(&out, open);
                    marking = 1;
                }
                snippetAppendText(&out, words.text, copied, end, ellipsis);
                copied = end;
                snippetRunsNext(&runs);
            }
            if (p == last) {
                if (marking) {
                    if (runs.start >= 0 && p >= runs.start) {
                        snippetAppendText(&out, words.text, copied, end, ellipsis);
                        copied = end;
                    }
                    snippetAppendString(&out, close);
                    marking = 0;
                }
                snippetAppendText(&out, words.text, copied, end, ellipsis);
                copied = end;
            }
        }
        if (marking) snippetAppendString(&out, close);
        if (last >= docSize - 1) snippetAppendText(&out, words.text, copied, words.length, ellipsis);
        else snippetAppendString(&out, ellipsis);
        if (out.rc != SQLITE_OK) rc = out.rc;
    }

    if (rc == SQLITE_OK) sqlite3_result_text(result, out.bytes ? out.bytes : "", (int)out.length, SQLITE_TRANSIENT);
    else if (rc == SQLITE_NOMEM) sqlite3_result_error_nomem(result);
    else sqlite3_result_error_code(result, rc);
    sqlite3_free(out.bytes);
    sqlite3_free(words.starts);
    sqlite3_free(words.ends);
    sqlite3_free(words.sentences);
    sqlite3_free(m.offsets);
    sqlite3_free(m.phrases);
    sqlite3_free(m.phraseSizes);
    sqlite3_free(adjusted);
    sqlite3_free(score);
    sqlite3_free(bestFrom);
    sqlite3_free(counts);
    sqlite3_free(seen);
}

int hearth_fts5_register_function(void *db, const char *name, fts5_extension_function function);

int hearth_sqlite_register_snippet(void *db) {
    return hearth_fts5_register_function(db, "hearth_snippet", hearth_snippet_function);
}
