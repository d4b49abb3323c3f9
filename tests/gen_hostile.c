/*
 * gen_hostile.c: writes capture files that are broken on purpose, for test_hostile.sh.
 *
 *   gen_hostile DIR            one CASE.pcap per hostile case (the list: gen_hostile -l)
 *   gen_hostile --seeds DIR    seed inputs for the fuzz harnesses: DIR/decode_LINK/NAME
 *                              (a control byte, then a frame) and DIR/pcap/NAME.pcap
 *
 * Every case is built from scratch, byte by byte, rather than by editing a capture, so
 * each file holds exactly the fault its name says, with valid checksums everywhere else.
 * Where the file format allows it a good packet comes before the fault and another after
 * it (TCP 127.0.0.1:40000 -> 127.0.0.1:15213, payloads "good-before" and "good-after"),
 * so the test can check that the sniffer reports the fault and carries on. Files cut
 * short (mid-header, mid-record) can only have good packets before the cut.
 *
 * The pcap files are written by hand (not with pcap_dump) because libpcap would refuse
 * to write most of these faults: caplen above len or above the snapshot length, records
 * cut short, unknown link types.
 *
 * The bytes are built by hostile_build.c, the frames are hostile_frames.c's, the
 * file-level cases hostile_files.c's and the fuzz seeds hostile_seeds.c's.
 */
#include <stdio.h>
#include <string.h>

#include "gen_hostile.h"

static void list_cases(void)
{
    puts("cut_global_header\ncut_record_header\ncut_record_data\ncaplen_gt_len\n"
         "caplen_gt_snaplen\nhuge_caplen\nzero_length\nunknown_linktype\n"
         "timestamps_backwards\nvlan_stacked\nvlan_deep\nvlan_qinq\ntruncated_every_length\n"
         "link_null\nlink_loop\nlink_raw\nlink_sll\nlink_sll2\nlink_ipv4");
    for (size_t i = 0; i < nframes; i++)
        if (frames[i].hostile)
            printf("%s\n%s_snap\n", frames[i].name, frames[i].name);
}

int main(int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "-l") == 0) {
        list_cases();
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "--seeds") == 0)
        return write_seeds(argv[2]) == 0 ? 0 : 1;
    if (argc != 2 || argv[1][0] == '-') {
        fprintf(stderr, "usage: gen_hostile DIR | gen_hostile --seeds DIR | gen_hostile -l\n");
        return 2;
    }
    if (mkdir_p(argv[1]) != 0)
        return 1;
    return write_cases(argv[1]) == 0 ? 0 : 1;
}
