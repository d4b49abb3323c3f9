/*
 * fmt_comment.h: packet comments (pcapng opt_comment: Wireshark's, editcap -a's, sniff
 * -A's) in the detail tree, as tshark -V prints them above the frame ("Packet comments"
 * and its expert item), and in the packet list, as a bracketed line under the packet
 * (tshark's list shows none; Wireshark marks the packet). Control characters in a
 * comment are shown escaped: a file from someone else cannot drive the terminal.
 */
#ifndef ECHOSNIFF_FMT_COMMENT_H
#define ECHOSNIFF_FMT_COMMENT_H

#include "df_value.h"
#include "out.h"

void fmt_comments_detail(struct out *o, const struct df_comment *c, int n);

/* more: comments the reader left out (past CAP_MAX_COMMENTS), said in one line. */
void fmt_comments_list(struct out *o, const struct df_comment *c, int n, int more);

#endif
