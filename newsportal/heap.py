"""The worker's heap, settled once the site is loaded, so garbage collection stays short.

Python's cyclic collector walks every tracked object in its oldest generation;
after start-up that is Django's modules, URL patterns, templates and models,
tens of thousands of objects that live as long as the worker. A full collection
then pauses a request for tens of milliseconds (the search benchmark's slowest
pages: 90–140 ms against 35–60 ms without). ``gc.freeze()`` moves everything
alive at that moment out of the collector's sight, so later collections walk
only what requests create.
"""

import gc


def settle() -> None:
    """Freeze what start-up created; call once the application is loaded and warm."""
    gc.collect()
    gc.freeze()
