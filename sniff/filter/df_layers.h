/*
 * df_layers.h: the display-filter fields of the layers beyond Ethernet, IP, TCP and UDP
 * (df_layers.c): the other link types (PPP, Cisco HDLC, 802.11 and its radio headers,
 * ARCNET, IP over InfiniBand, Juniper), the tunnels (GRE, VXLAN, Geneve, AH, IPComp) and
 * the newer TCP options, named as Wireshark names them. df_fields.c registers them in
 * its field table with these IDs; df_fields_layers.c asks here for their values.
 */
#ifndef ECHOSNIFF_DF_LAYERS_H
#define ECHOSNIFF_DF_LAYERS_H

#include <stdbool.h>
#include <stdint.h>

#include "packet.h"

enum df_layer_id {
    DFL_FIRST = 1000,
    /* protocols: present or not */
    DFL_PPP = DFL_FIRST,
    DFL_CHDLC,
    DFL_WLAN,
    DFL_RADIOTAP,
    DFL_PPI,
    DFL_LLC,
    DFL_ARCNET,
    DFL_IPOIB,
    DFL_JUNIPER,
    DFL_GRE,
    DFL_VXLAN,
    DFL_GENEVE,
    DFL_AH,
    DFL_IPCOMP,
    DFL_MPTCP,
    DFL_PPPOES,
    DFL_MPLS,
    DFL_L2TP,
    DFL_LAST_PROTO = DFL_L2TP,
    /* numbers */
    DFL_PPP_PROTOCOL,
    DFL_CHDLC_PROTOCOL,
    DFL_WLAN_TYPE_SUBTYPE,
    DFL_WLAN_TYPE,
    DFL_WLAN_SUBTYPE,
    DFL_WLAN_SEQ,
    DFL_WLAN_TODS,
    DFL_WLAN_FROMDS,
    DFL_WLAN_PROTECTED,
    DFL_RADIOTAP_FREQ,
    DFL_WLAN_RADIO_CHANNEL,
    DFL_WLAN_RADIO_FREQ,
    DFL_ARCNET_SRC,
    DFL_ARCNET_DST,
    DFL_ARCNET_PROTID,
    DFL_IPOIB_TYPE,
    DFL_JUNIPER_DIRECTION,
    DFL_GRE_PROTO,
    DFL_GRE_KEY,
    DFL_VXLAN_VNI,
    DFL_GENEVE_VNI,
    DFL_AH_SPI,
    DFL_AH_SEQ,
    DFL_IPCOMP_CPI,
    DFL_PPPOES_SESSION,
    DFL_MPLS_LABEL,
    DFL_L2TP_TUNNEL,
    DFL_L2TP_SESSION,
    DFL_TCP_OPTION_KIND,
    DFL_TCP_AE,
    DFL_TCP_ACE,
    DFL_TCP_UTO,
    DFL_TCP_MPTCP_SUBTYPE,
    DFL_TCP_ACCECN_EE0B,
    DFL_TCP_ACCECN_ECEB,
    DFL_TCP_ACCECN_EE1B,
    /* 802.11 addresses */
    DFL_WLAN_SA,
    DFL_WLAN_DA,
    DFL_WLAN_TA,
    DFL_WLAN_RA,
    DFL_WLAN_BSSID,
    DFL_WLAN_ADDR,
};

/* A value: a number, or an address in a (6 bytes for an Ethernet one). */
struct df_lval {
    uint64_t u;
    uint8_t a[16];
};

/* Whether the protocol id (DFL_PPP .. DFL_LAST_PROTO) is in p. */
bool df_layer_present(int id, const struct packet *p);

/* The field's values in p (at most max); 0 when absent. */
int df_layer_values(int id, const struct packet *p, struct df_lval *v, int max);

#endif
