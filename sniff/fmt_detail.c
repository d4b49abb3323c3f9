/*
 * fmt_detail.c: -V, the detail tree as `tshark -V` prints it (work in progress).
 */
#include "fmt.h"

void fmt_detail(struct out *o, const struct packet *p, const struct fmt_opts *opts)
{
    (void)opts;
    out_str(o, "Frame ");
    out_u64(o, p->frame.number);
    out_str(o, "\n\n");
}
