/*
 * fmt_conn.h: the text of the connection model's values that several printers share:
 * Wireshark's analysis-flag prefix of the Info column ("[TCP Dup ACK 12#1] "). The model
 * (track/) holds numbers and names; the words and punctuation are made here.
 */
#ifndef ECHOSNIFF_FMT_CONN_H
#define ECHOSNIFF_FMT_CONN_H

#include <stddef.h>
#include <stdint.h>

#include "analysis.h"

/* The Info column prefix exactly as Wireshark prints it, e.g. "[TCP Dup ACK 12#1] "
 * (trailing space included; "" when no flag). Returns the length written (truncated to
 * len - 1). */
size_t fmt_an_flags(uint32_t flags, uint64_t dupack_of, uint32_t dupack_num, char *buf, size_t len);

#endif
