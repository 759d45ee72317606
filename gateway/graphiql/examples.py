"""Example operations the demo's GraphiQL opens with, one tab each, touching both upstreams."""

from __future__ import annotations

from typing import Any

EXAMPLES: list[dict[str, Any]] = [
    {
        "query": """# One question, both upstreams: your albums and your profile's spotlights.
query Overview {
  viewer {
    albumProfile { displayName }
    albums(first: 5) {
      totalCount
      nodes { name createdAt content(first: 3) { nodes { contentType thumbUrl } } }
    }
  }
  publicProfile {
    displayName
    spotlights(first: 5) {
      pageInfo { hasNextPage endCursor }
      nodes { id title status sponsor { displayName profile { displayName } } }
    }
  }
}
""",
    },
    {
        "query": """# Albums shared with you, with their owners (one feed call, one profile batch).
query Feed {
  viewer {
    albumFeed(first: 10) {
      nodes { name expirationType expiresAt imageCount videoCount ownerProfile { displayName } }
    }
    albumLimits { maxAlbums maxContentSizeBytes maxVideoLengthMs }
  }
}
""",
    },
    {
        "query": """# Stories and their snaps, saved stories, lenses: three levels, in parallel.
query Profile {
  publicProfile {
    stories(first: 5) {
      nodes { createdAt snaps(first: 10) { nodes { mediaKind mediaUrl caption } } }
    }
    savedStories(first: 3, visibility: VISIBLE_ON_PROFILE) { nodes { title } }
    lenses(first: 3) { nodes { name status snapcode { deeplink expiresAt } } }
  }
}
""",
    },
]
