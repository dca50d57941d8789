"""The district server: one PostgreSQL database that every broker's laptop syncs with.

Nothing home-made stands in front of it: laptops connect with psycopg over TLS, one PostgreSQL role per
person, and the database itself decides who reads and writes what (row-level security, grants and a trigger
that checks every claim status change). This package creates and migrates that schema, manages the people's
roles and answers the district office's commands; ``workbench.sync`` is the laptop's side.
"""
