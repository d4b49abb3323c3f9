/*
 * gen_pcap.h: the steps the capture generators share (gen_bounds.c, gen_flood.c,
 * gen_tcp_cases.c): their options (-n N, --honest, -w FILE), the Ethernet pcap file they
 * write and its records, stamped from 1700000000 s (2023-11-14), and the big-endian
 * stores their hand-built headers are made of. Each generator still builds its own
 * frames: what they test is in those bytes.
 */
#ifndef ECHOSNIFF_GEN_PCAP_H
#define ECHOSNIFF_GEN_PCAP_H

#include <pcap/pcap.h>

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static inline void gen_be16(uint8_t *p, uint32_t v)
{
    p[0] = (uint8_t)(v >> 8);
    p[1] = (uint8_t)v;
}

static inline void gen_be32(uint8_t *p, uint32_t v)
{
    gen_be16(p, v >> 16);
    gen_be16(p + 2, v);
}

/* The options of a generator with an honest twin. */
struct gen_opts {
    uint32_t n;      /* -n N: how many (0 when not given) */
    bool honest;     /* --honest: the twin */
    const char *out; /* -w FILE */
};

/* Reads argv[first..argc) into o; false at a word that is none of the options. */
static inline bool gen_opts_parse(int argc, char **argv, int first, struct gen_opts *o)
{
    for (int i = first; i < argc; i++) {
        if (strcmp(argv[i], "-n") == 0 && i + 1 < argc)
            o->n = (uint32_t)strtoul(argv[++i], NULL, 10);
        else if (strcmp(argv[i], "--honest") == 0)
            o->honest = true;
        else if (strcmp(argv[i], "-w") == 0 && i + 1 < argc)
            o->out = argv[++i];
        else
            return false;
    }
    return true;
}

/* An Ethernet pcap file (snapshot length 65535) opened for writing at path; NULL, said
 * on stderr in prog's name, when it cannot be. Close the dumper, then *pd. */
static inline pcap_dumper_t *gen_pcap_open(const char *prog, const char *path, pcap_t **pd)
{
    *pd = pcap_open_dead(DLT_EN10MB, 65535);
    pcap_dumper_t *d = *pd != NULL ? pcap_dump_open(*pd, path) : NULL;
    if (d == NULL)
        fprintf(stderr, "%s: cannot write %s: %s\n", prog, path,
                *pd != NULL ? pcap_geterr(*pd) : "out of memory for the libpcap handle");
    return d;
}

/* One record of the n-byte frame f, t_us microseconds after 1700000000 s. */
static inline void gen_pcap_write(pcap_dumper_t *d, uint64_t t_us, const uint8_t *f, size_t n)
{
    struct pcap_pkthdr h = {.caplen = (bpf_u_int32)n, .len = (bpf_u_int32)n};
    h.ts.tv_sec = (time_t)(1700000000 + t_us / 1000000);
    h.ts.tv_usec = (suseconds_t)(t_us % 1000000);
    pcap_dump((u_char *)d, &h, f);
}

#endif
