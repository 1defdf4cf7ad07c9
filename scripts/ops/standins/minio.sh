#!/bin/bash
# minio server <dir> [options ignored]
[[ ${1:-} == server ]] || { echo "stand-in supports only: minio server <dir>" >&2; exit 2; }
exec java -Xmx256m -cp '/app/BOOT-INF/lib/*' /opt/s3/S3Main.java "$2"
