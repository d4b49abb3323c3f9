/*
 * crt.c: the terminal, as htop's CRT.c keeps it: set-up (wide-character ncurses in the
 * user's locale, keys, mouse), the palettes (a dark one on the terminal's own colours;
 * a light one, black on white, for a projector; none under NO_COLOR, where reverse video
 * and bold carry the selection and the emphasis), the size after a resize, and the
 * terminal given back as it was on every way out: q, Ctrl-C, SIGTERM, SIGHUP, and a
 * crash (the fatal-signal handler restores the saved modes and leaves the alternate
 * screen with write(2) only, then dies of the same signal).
 *
 * A signal handler can reach no context, so the stop flag and the saved terminal state
 * are the file's only mutable globals.
 */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include <curses.h>

#include "tui_int.h"

static volatile sig_atomic_t stop_requested;
static struct termios saved_tio;
static volatile sig_atomic_t have_tio;

static void on_stop(int sig)
{
    (void)sig;
    stop_requested = 1;
}

/* What the terminal needs back after a crash: its modes, the main screen, a cursor,
 * no mouse reports. */
static void on_fatal(int sig)
{
    static const char reset[] = "\033[?1000l\033[?1002l\033[?1006l\033[?1049l\033[?25h\033[0m\r\n";
    if (have_tio)
        tcsetattr(STDIN_FILENO, TCSANOW, &saved_tio);
    ssize_t n = write(STDOUT_FILENO, reset, sizeof reset - 1);
    (void)n;
    signal(sig, SIG_DFL);
    raise(sig);
}

bool crt_stop_requested(void)
{
    return stop_requested != 0;
}

static void pair(short n, short fg, short bg)
{
    init_pair(n, fg, bg);
}

static void palette(struct crt *c)
{
    short bg = -1, fg = -1;
    if (c->light) {
        /* Black on white, darker colours: readable on a projector. */
        assume_default_colors(COLOR_BLACK, COLOR_WHITE);
        bg = COLOR_WHITE;
        fg = COLOR_BLACK;
    } else {
        use_default_colors();
    }
    pair(TC_NORMAL, fg, bg);
    pair(TC_SYNFIN, fg, bg); /* bold, as the line mode */
    pair(TC_RST, COLOR_RED, bg);
    pair(TC_DATA, COLOR_MAGENTA, bg);
    pair(TC_BAD, COLOR_WHITE, COLOR_RED);
    pair(TC_OTHER, c->light ? COLOR_BLUE : COLOR_CYAN, bg);
    pair(TC_SELECT, COLOR_BLACK, COLOR_CYAN);
    pair(TC_SELECT_DIM, COLOR_BLACK, c->light ? COLOR_YELLOW : COLOR_WHITE);
    pair(TC_TITLE, COLOR_BLACK, COLOR_GREEN);
    pair(TC_STATUS, COLOR_BLACK, COLOR_CYAN);
    pair(TC_KEY, fg, bg);
    pair(TC_KEYTEXT, COLOR_BLACK, COLOR_CYAN);
    pair(TC_OK, COLOR_BLACK, COLOR_GREEN);
    pair(TC_ERROR, COLOR_WHITE, COLOR_RED);
    pair(TC_ANN, c->light ? COLOR_BLUE : COLOR_CYAN, bg);
    pair(TC_ALERT, COLOR_RED, bg);
    pair(TC_HILITE, COLOR_BLACK, COLOR_YELLOW);
    pair(TC_CLIENT, COLOR_RED, bg);
    pair(TC_SERVER, COLOR_BLUE, bg);
    pair(TC_MODEL, c->light ? COLOR_BLUE : COLOR_GREEN, bg);
}

bool crt_start(struct crt *c, bool light, bool no_color, char *err, size_t errlen)
{
    setlocale(LC_ALL, "");
    if (tcgetattr(STDIN_FILENO, &saved_tio) == 0)
        have_tio = 1;
    if (newterm(NULL, stdout, stdin) == NULL) {
        const char *term = getenv("TERM");
        snprintf(err, errlen,
                 "--tui: the terminal type '%s' is unknown to this system's terminfo; set TERM "
                 "to one it knows (e.g. xterm-256color) or read the capture without --tui",
                 term != NULL ? term : "");
        return false;
    }
    c->started = true;
    cbreak(); /* Ctrl-C still a signal: it quits, cleanly */
    noecho();
    nonl();
    keypad(stdscr, TRUE);
    /* Home and End as tmux, screen, PuTTY and the Linux console send them, whatever TERM
     * says (a TERM of xterm inside tmux is common): htop does the same */
    static const char *const home[] = {"\033[1~", "\033[7~", "\033[H", "\033OH"};
    static const char *const end[] = {"\033[4~", "\033[8~", "\033[F", "\033OF"};
    for (size_t i = 0; i < sizeof home / sizeof home[0]; i++) {
        define_key(home[i], KEY_HOME);
        define_key(end[i], KEY_END);
    }
    nodelay(stdscr, TRUE);
    set_escdelay(25);
    curs_set(0);
    c->light = light;
    const char *nc = getenv("NO_COLOR");
    c->color = !no_color && (nc == NULL || nc[0] == '\0') && has_colors();
    if (c->color) {
        start_color();
        palette(c);
    }
    c->mouse = mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED | BUTTON1_DOUBLE_CLICKED |
                             BUTTON4_PRESSED | BUTTON5_PRESSED,
                         NULL) != 0;
    mouseinterval(0);
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_stop;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGHUP, &sa, NULL);
    sa.sa_handler = on_fatal;
    sa.sa_flags = SA_RESETHAND;
    sigaction(SIGSEGV, &sa, NULL);
    sigaction(SIGBUS, &sa, NULL);
    sigaction(SIGABRT, &sa, NULL);
    sigaction(SIGFPE, &sa, NULL);
    crt_size(c);
    return true;
}

void crt_stop(struct crt *c)
{
    if (!c->started)
        return;
    if (c->mouse)
        mousemask(0, NULL);
    curs_set(1);
    endwin();
    c->started = false;
}

void crt_size(struct crt *c)
{
    getmaxyx(stdscr, c->rows, c->cols);
}

int crt_attr(const struct crt *c, enum tui_color col)
{
    if (!c->color) {
        switch (col) {
        case TC_SELECT:
        case TC_STATUS:
        case TC_KEYTEXT:
        case TC_TITLE:
        case TC_OK:
            return A_REVERSE;
        case TC_SELECT_DIM:
        case TC_HILITE:
            return A_UNDERLINE | A_REVERSE;
        case TC_ERROR:
        case TC_BAD:
        case TC_ALERT:
            return A_BOLD | A_REVERSE;
        case TC_SYNFIN:
        case TC_KEY:
            return A_BOLD;
        default:
            return A_NORMAL;
        }
    }
    int a = COLOR_PAIR(col);
    if (col == TC_SYNFIN || col == TC_ALERT || col == TC_KEY || col == TC_BAD)
        a |= A_BOLD;
    return a;
}

/* One character of UTF-8 at s (n bytes left): its length and display width. */
static size_t next_char(const char *s, size_t n, int *w)
{
    wchar_t wc;
    mbstate_t st;
    memset(&st, 0, sizeof st);
    size_t k = mbrtowc(&wc, s, n, &st);
    if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
        *w = 1; /* an invalid byte is drawn as one column ('?') */
        return 1;
    }
    int cw = wcwidth(wc);
    *w = cw < 0 ? 1 : cw;
    return k;
}

int crt_width(const char *text, size_t len)
{
    int cols = 0;
    for (size_t i = 0; i < len;) {
        int w;
        i += next_char(text + i, len - i, &w);
        cols += w;
    }
    return cols;
}

int crt_put(int y, int x, int w, const char *text, size_t len, int hscroll)
{
    int col = 0, skipped = 0;
    move(y, x);
    for (size_t i = 0; i < len && col < w;) {
        int cw;
        size_t k = next_char(text + i, len - i, &cw);
        if (skipped < hscroll) {
            skipped += cw;
            i += k;
            continue;
        }
        if (col + cw > w)
            break;
        unsigned char ch = (unsigned char)text[i];
        if (k == 1 && (ch < 0x20 || ch == 0x7f || ch >= 0x80)) /* control or stray byte */
            addch('?');
        else
            addnstr(text + i, (int)k);
        col += cw;
        i += k;
    }
    for (int c = col; c < w; c++)
        addch(' ');
    return col;
}
