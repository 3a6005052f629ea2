#!/bin/sh
# Prints where it runs from; the image's working folder is /app.
echo "hello from $(pwd)"
