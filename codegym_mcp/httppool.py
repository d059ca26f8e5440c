"""HTTP connection pools that stay cheap with thousands of connections open.

httpcore's pool re-examines every connection it holds on each request and each response (and probes every
idle socket with a poll). With one pool of 4,096 connections that is ~14 ms of CPU per request, measured:
a run at --concurrency 4096 spends its event loop scanning pools. `ShardedTransport` spreads requests over
many small pools instead (2.5 ms per request at 4,096 in flight, on the same machine; see
benchmarks/rl_scale.py). No pool is capped: the caller's concurrency is the only limit.

Model requests use these pools only where the lean client (`http11.JsonClient`, ~6x less CPU a request) cannot go:
through a proxy, off asyncio, or when CODEGYM_MODEL_CLIENT=httpx asks for them (`chat.async_client`).
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import httpx2

__all__ = ["SHARD_CONNECTIONS", "ShardedTransport", "pooled_client"]

SHARD_CONNECTIONS = 32  # connections per pool that keep a pool's scans short
DEFAULT_CONNECTIONS = 2048  # what a pool of unknown width is sized for


class ShardedTransport(httpx2.AsyncBaseTransport):
    """Round-robin over `shards` uncapped connection pools that share one TLS context."""

    def __init__(self, shards: int, keepalive_per_shard: int | None = None):
        if shards < 1:
            raise ValueError(f"shards must be at least 1, got {shards}")
        limits = httpx2.Limits(max_connections=None, max_keepalive_connections=keepalive_per_shard)
        tls = httpx2.create_ssl_context()  # built once: loading the CA bundle per pool would cost ms and memory each
        self.pools = [httpx2.AsyncHTTPTransport(verify=tls, limits=limits) for _ in range(shards)]
        self._next = itertools.cycle(self.pools)

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        return await next(self._next).handle_async_request(request)

    async def aclose(self) -> None:
        for pool in self.pools:
            await pool.aclose()


def shards_for(connections: int | None) -> int:
    return max(1, math.ceil((connections or DEFAULT_CONNECTIONS) / SHARD_CONNECTIONS))


def pooled_client(connections: int | None = None, **kwargs: Any) -> httpx2.AsyncClient:
    """An AsyncClient for about `connections` concurrent requests (None: thousands), never capped; idle
    connections are kept up to that width, so a burst does not reconnect on every request."""
    shards = shards_for(connections)
    keepalive = math.ceil(connections / shards) if connections else None
    return httpx2.AsyncClient(transport=ShardedTransport(shards, keepalive), **kwargs)
