"""`python -m generator release`: the checked site as reproducible `.tar.gz` and `.zip` packages.

epoch.py    the one timestamp (SOURCE_DATE_EPOCH, else HEAD's commit time, else a fixed date)
archive.py  sorted, normalised tar.gz and zip writers and the SHA-256 manifest
package.py  build the site with that timestamp, write the packages beside each other atomically
command.py  the subcommand's arguments and messages
"""
