// The only C the dashboard needs: ncursesw with its wide-character API switched on,
// and one-line accessors for what Swift cannot import (macros, global variables).
#ifndef RAPPORT_CNCURSESW_SHIM_H
#define RAPPORT_CNCURSESW_SHIM_H

// SwiftPM drops pkg-config's -D_XOPEN_SOURCE=600, which hides the wide API; ask for it here.
#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif

#include <locale.h>
#include <wchar.h>
#include <curses.h>

static inline WINDOW *rapport_stdscr(void) { return stdscr; }
static inline int rapport_lines(void) { return LINES; }
static inline int rapport_cols(void) { return COLS; }
static inline int rapport_colors(void) { return COLORS; }
static inline int rapport_color_pairs(void) { return COLOR_PAIRS; }
static inline int rapport_key_resize(void) { return KEY_RESIZE; }
static inline int rapport_key_mouse(void) { return KEY_MOUSE; }
static inline int rapport_key_f(int n) { return KEY_F(n); }

static inline attr_t rapport_a_normal(void) { return A_NORMAL; }
static inline attr_t rapport_a_bold(void) { return A_BOLD; }
static inline attr_t rapport_a_dim(void) { return A_DIM; }
static inline attr_t rapport_a_underline(void) { return A_UNDERLINE; }
static inline attr_t rapport_a_reverse(void) { return A_REVERSE; }
static inline attr_t rapport_a_italic(void) { return A_ITALIC; }

static inline mmask_t rapport_button1_clicked(void) { return BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_RELEASED; }
static inline mmask_t rapport_button1_pressed(void) { return BUTTON1_PRESSED | BUTTON1_CLICKED; }
static inline mmask_t rapport_button2_pressed(void) { return BUTTON2_PRESSED | BUTTON2_CLICKED; }
static inline mmask_t rapport_button3_pressed(void) { return BUTTON3_PRESSED | BUTTON3_CLICKED; }
static inline mmask_t rapport_button4_pressed(void) { return BUTTON4_PRESSED; }
static inline mmask_t rapport_button5_pressed(void) { return BUTTON5_PRESSED; }

// Glibc's stdin/stdout are mutable globals Swift 6 refuses to read; newterm needs them.
static inline FILE *rapport_stdin(void) { return stdin; }
static inline FILE *rapport_stdout(void) { return stdout; }

// wcwidth is hidden without _XOPEN_SOURCE, which SwiftPM drops; it is what ncurses
// itself measures with, so the screen compares against it.
extern int wcwidth(wchar_t);
static inline int rapport_wcwidth(wchar_t c) { return wcwidth(c); }

#endif
