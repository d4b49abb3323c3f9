/*
 * usage.c: sniff --help. Kept beside main.c's option table; man/sniff.1 says the same at
 * length. Where a letter means something else in tcpdump or tshark, the line says so.
 */
#include <stdio.h>

void usage(FILE *f);

/* Several strings: C17 promises string literals of 4095 bytes, no more. */
static void usage_capture(FILE *f)
{
    fputs("Usage: sniff [OPTIONS] [CAPTURE FILTER...]\n"
          "Capture TCP traffic (by default the echo lab's, 'tcp port 15213') and print it\n"
          "as Wireshark's packet list shows it.\n"
          "\n"
          "Capture:\n"
          "  -i, --interface=IFACE   capture live on IFACE (default lo)\n"
          "  -D, --list-interfaces   list the interfaces and exit\n"
          "  -r, --read=FILE         read a .pcap or .pcapng file ('-' for standard input)\n"
          "  -w, --write=FILE        save the raw packets that pass the capture filter to\n"
          "                          FILE (created mode 0600, never through a symbolic\n"
          "                          link; '-': standard output, not a terminal); nothing\n"
          "                          is printed unless --print is given too\n"
          "  -F, --format=pcap|pcapng  -w's format (default pcap; pcapng for a .pcapng\n"
          "                          name); with -A, pcapng files carry each packet's\n"
          "                          annotation as a comment Wireshark shows\n"
          "      --print             print packets even when writing with -w\n"
          "  -c, --count=N           stop after N packets\n"
          "  -a, --autostop=COND     stop at duration:SECONDS, packets:N or filesize:KB\n"
          "                          (tshark's; kB of 1000 bytes)\n"
          "  -b, --ring-buffer=COND  with -w: a new file at filesize:KB or duration:SECONDS,\n"
          "                          keeping the newest files:N (dumpcap's; files named\n"
          "                          NAME_00001_YYYYmmddHHMMSS.EXT)\n"
          "  -C MB, -W N, -G SECONDS tcpdump's ring: a new file each million bytes or\n"
          "                          seconds, keeping N (named FILE, FILE1, ... or, with\n"
          "                          -W, FILE0 to FILE<N-1>)\n"
          "  -U                      flush the -w file after every packet\n"
          "  -s, --snapshot-length=N capture at most N bytes of each packet (default 262144)\n"
          "  -B, --buffer-size=KIB   kernel capture buffer size in KiB (default 32768 with\n"
          "                          -w, else libpcap's 2048)\n"
          "      --promisc           capture in promiscuous mode: every frame that reaches\n"
          "                          the interface, other hosts' traffic too. Without it,\n"
          "                          only frames to or from the interface's own address,\n"
          "                          broadcast and multicast are captured, on every\n"
          "                          interface (the capture filter gets that condition;\n"
          "                          on lo nothing is left out)\n"
          "  -p, --no-promiscuous-mode  accepted for compatibility: this is the default\n"
          "  -y, --linktype=NAME     the link type to capture as, e.g. LINUX_SLL2 on any\n"
          "      --no-sandbox        do not limit the system calls of the parsing loop\n"
          "                          (by default a seccomp filter lets it only read, write\n"
          "                          and capture)\n"
          "  -Z, --relinquish-privileges=USER  drop root to USER once the capture is open\n"
          "                          (default: the sudo caller, else nobody); under sudo\n"
          "                          or -Z, -r and -w files are opened as that user\n",
          f);
}

static void usage_output(FILE *f)
{
    fputs("Filters:\n"
          "  CAPTURE FILTER          a BPF expression (pcap-filter(7)), default\n"
          "                          'tcp port 15213'\n"
          "      --port=N            short for the capture filter 'tcp port N'\n"
          "      --all               capture everything (no capture filter)\n"
          "  -Y, --display-filter=EXPR  show only packets matching a Wireshark display\n"
          "                          filter: 'tcp.flags.syn == 1', 'tcp.payload contains\n"
          "                          \"GET\"', 'tcp.analysis.retransmission', 'echo.verdict ==\n"
          "                          \"mismatch\"' (man sniff lists the fields)\n"
          "Output:\n"
          "  -V, --detail            print the detail tree of each packet (tshark -V)\n"
          "  -x, -X, --hex[=all|payload]  print the packet's bytes, hex and ASCII (-X and\n"
          "                          -XX as tcpdump's), or only the TCP payload\n"
          "  -T text|json|fields|html  output format; json: one object per packet and per\n"
          "                          connection (docs/json-schema.md); fields: tshark's;\n"
          "                          html: one web page of the capture (-o FILE.html)\n"
          "  -e FIELD                with -T fields: a field to print (repeat it); without:\n"
          "                          tcpdump's -e, the link-layer addresses in the list\n"
          "      --list-fields       the fields -Y and -e know, with their types, and exit\n"
          "  -E OPTION=VALUE         -T fields' header=y|n, separator=/t|/s|C,\n"
          "                          quote=d|s|n, occurrence=f|l|a, aggregator=C, bom=y|n\n"
          "  -t a|ad|d|r|e|u|ud      time: absolute, with date, delta from the previous\n"
          "                          frame, relative to the first (default), epoch seconds,\n"
          "                          UTC; tcpdump's -tt, -ttt, -tttt, -ttttt too\n"
          "      --utc               absolute times in UTC\n"
          "  -n, -nn                 no names of any kind: no MAC vendors (by default, as\n"
          "                          Wireshark, 'Intel_e3:54:e6'), no port names\n"
          "  -S                      absolute TCP sequence numbers (not relative)\n"
          "  -q, --quiet             no packets: only the summaries (--summary) and the\n"
          "                          capture statistics\n"
          "  -l                      flush the output after every packet (live output is\n"
          "                          already)\n"
          "      --color[=auto|always|never|light|dark]  colour the packet list (default\n"
          "                          auto: on a terminal, unless NO_COLOR is set); light\n"
          "                          and dark: on, in the palette for that background\n"
          "                          (light for a white projector screen; with --tui,\n"
          "                          its black-on-white palette)\n"
          "      --legend            a line saying what each colour means\n"
          "      --states            a column with the TCP state of both ends after each\n"
          "                          packet (client/server, as ss(8) names them)\n"
          "      --check-checksums   verify IPv4, TCP and UDP checksums\n"
          "  -v                      not sniff's: the details tcpdump -v shows are -V\n",
          f);
}

static void usage_tui(FILE *f)
{
    fputs("Terminal UI:\n"
          "      --tui               Wireshark's three panes in the terminal: packet list,\n"
          "                          detail tree and bytes, with the annotation of the\n"
          "                          selected packet and a filter bar (? for the keys); opens\n"
          "                          any size of file at once; live with -i\n"
          "      --step              with --tui: show the capture one packet at a time\n"
          "                          (Space shows the next), for class\n"
          "      --quiz              with --tui: hide each packet's annotation and TCP states\n"
          "                          until Space (predict first)\n"
          "      --light             the same as --color=light (--tui: black on white, for\n"
          "                          a projector; --step and --quiz use it unless\n"
          "                          --color=dark)\n"
          "      --tui-max-packets=N packets a --tui live capture keeps on screen (default\n"
          "                          1000000; -w still saves every one)\n"
          "      --tui-dump=ORDER    print the TUI's model of the file, frames read back in\n"
          "                          ORDER (seq, reverse, random), as -r prints them (tests)\n"
          "      --tui-dump-filter=EXPR  with --tui-dump: apply EXPR once the file is read, as\n"
          "                          the filter bar does, and print what it shows (tests)\n",
          f);
}

static void usage_analysis(FILE *f)
{
    fputs("Privacy (see ETHICS.md):\n"
          "      --redact            replace every TCP/UDP payload byte, in every output\n"
          "                          and in the -w file (zeros there; 'xx' and '*' in hex\n"
          "                          dumps); headers, lengths and valid checksums are kept\n"
          "      --anonymize=KEY     replace IPv4/IPv6 addresses by prefix-preserving\n"
          "                          pseudonyms (Crypto-PAn) and MAC addresses by keyed\n"
          "                          pseudonyms, consistent for one KEY, in every output\n"
          "                          and the -w file; checksums recomputed; no vendor names\n"
          "      --anonymize-key-file=FILE  the same, with the key on FILE's first line\n"
          "                          (a key on the command line shows in ps)\n"
          "Analysis:\n"
          "  -A, --annotate          a line under each TCP packet saying what it means in\n"
          "                          socket-API terms, and whether each echo is identical\n"
          "                          (default: on a terminal and in -T json, for the echo\n"
          "                          port's connections; -A: every TCP connection). Not\n"
          "                          tcpdump's -A (ASCII): sniff's -x prints ASCII beside\n"
          "                          the hex\n"
          "      --no-annotate       no annotation lines\n"
          "      --summary, -z conv  after the packets, one row per TCP connection\n"
          "      --follow=N          only the reassembled conversation of connection N\n"
          "                          (N: Wireshark's tcp.stream, 0 for the first one, as\n"
          "                          in annotations, --summary and -Y 'tcp.stream == N')\n"
          "      --follow-hex        with --follow: as a hex dump\n"
          "      --max-memory=SIZE   memory for reassembly and the echo check, shared by\n"
          "                          every connection (default 32M; K, M, G: KiB, MiB,\n"
          "                          GiB). Past it the oldest bytes waiting for their\n"
          "                          echo are given up, said 'not checked: memory budget'\n"
          "      --max-pending=SIZE  the most one direction of one connection may hold\n"
          "                          of it (default 1M); past it, its own oldest bytes\n"
          "                          are given up first\n",
          f);
}

static void usage_pictures(FILE *f)
{
    fputs("Pictures (of each connection, or of --follow N's):\n"
          "      --ladder            the ladder of arrows between client and server, with\n"
          "                          the TCP states and annotations, to fit the terminal\n"
          "      --ascii             draw with ASCII, not Unicode (the default outside a\n"
          "                          UTF-8 locale)\n"
          "      --graph=TYPE        a TCP stream graph of one connection: stevens,\n"
          "                          tcptrace, throughput, rtt or window\n"
          "      --direction=client|server  whose segments a graph plots (default: the\n"
          "                          side that sent more)\n"
          "  -F, --format=FMT        text (ladder), svg, pdf, png, or csv (a graph's\n"
          "                          points); default: from -o's name\n"
          "  -o, --output=FILE       write the picture or page (-T html) to FILE (created\n"
          "                          0600)\n"
          "      --size=WxH          a figure's size in pixels (PDF: points)\n"
          "  -h, --help              show this help\n"
          "      --version           show the version\n"
          "\n"
          "Exit status: 0 ok, 1 runtime problem (e.g. a truncated capture file, a full\n"
          "disk), 2 usage or permission problem.\n",
          f);
}

void usage(FILE *f)
{
    usage_capture(f);
    usage_output(f);
    usage_tui(f);
    usage_analysis(f);
    usage_pictures(f);
}
