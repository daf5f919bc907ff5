"""The review's history: releases recorded in the repository, read from git."""
