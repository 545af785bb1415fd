"""The autograd engine: the tape, Function.apply, views and in-place ops, the reverse loop.

It imports only itself and ``backends``; ``ARCHITECTURE.md`` maps its modules. Nothing is
re-exported here: import from the module that defines a name.
"""
