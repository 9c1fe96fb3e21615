"""certgap's Python: the sample generator, the report, the GX checkpoint and the
build, benchmark and CI commands, all behind one command, ``certgap`` (see
``certgap --help``). The SQL is the dbt project in the same checkout.
"""
