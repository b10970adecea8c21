package io.quiver.storage.wal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/** Opens the log's file channels; tests substitute one that injects faults. */
@FunctionalInterface
interface ChannelOpener {

  ChannelOpener DEFAULT = FileChannel::open;

  FileChannel open(Path path, OpenOption... options) throws IOException;
}
