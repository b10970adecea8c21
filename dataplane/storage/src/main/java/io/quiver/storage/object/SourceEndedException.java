package io.quiver.storage.object;

import java.io.IOException;

/** The data source of a write held fewer bytes than promised; thrown while reading it. */
final class SourceEndedException extends IOException {

  private static final long serialVersionUID = 1L;

  /** How many bytes the source gave before it ended. */
  final long read;

  SourceEndedException(long read) {
    super("the data source ended after " + read + " bytes");
    this.read = read;
  }
}
