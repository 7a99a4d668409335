"""The address a request came from. Behind the reverse proxy (nginx on the same host, see
deploy/nginx/sippt.conf) REMOTE_ADDR is the proxy's; the client's address is then read from the
header the proxy sets (CLIENT_IP_HEADER, X-Forwarded-For), but only when the request really came from
a trusted proxy (TRUSTED_PROXY_IPS): anyone else could write that header themselves."""
from __future__ import annotations

import ipaddress
import logging

from django.conf import settings

log = logging.getLogger(__name__)


def parse_ip(value) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(str(value or "").strip())
    except ValueError:
        return None


def in_networks(address, networks) -> bool:
    """Whether an address (str or parsed) is one of these addresses or CIDR networks."""
    address = address if isinstance(address, (ipaddress.IPv4Address, ipaddress.IPv6Address)) else parse_ip(address)
    if address is None:
        return False
    for entry in networks:
        try:
            if address in ipaddress.ip_network(str(entry).strip(), strict=False):
                return True
        except ValueError:
            log.warning("a network setting holds a bad entry: %r", entry)
    return False


def client_ip(request) -> str | None:
    """The client's address, or None when it cannot be told. A request from a trusted proxy is
    attributed to the right-most address of the forwarded header that is not itself a trusted proxy
    (nginx appends the address it saw, so that entry cannot be forged by the client)."""
    remote = parse_ip(request.META.get("REMOTE_ADDR"))
    if remote is None:
        return None
    trusted = settings.TRUSTED_PROXY_IPS
    if not in_networks(remote, trusted):
        return str(remote)
    header = request.META.get(settings.CLIENT_IP_HEADER, "")
    if not header:
        return str(remote)  # the proxy's own request, or no proxy at all (runserver on loopback)
    for entry in reversed(header.split(",")):
        address = parse_ip(entry)
        if address is None:
            return None  # a forwarded chain we cannot read: no address we could vouch for
        if not in_networks(address, trusted):
            return str(address)
    return str(address)
