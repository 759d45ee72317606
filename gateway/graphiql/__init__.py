"""GraphiQL served by the gateway itself: pinned assets fetched at install or image build
time (never committed), with the public CDN only as a fallback when they are absent."""
