"""State that several replicas must share: persisted documents and rate-limit buckets.

In memory for one process by default; in Redis when ``MEDIAGRAPH_REDIS_URL`` is set.
"""
