package io.quiver.server.cli;

import io.quiver.server.grpc.MilvusService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "version", description = "Print the Quiver version, the Milvus protocol version and the Java runtime.")
final class VersionCommand implements Callable<Integer> {

  @Override
  public Integer call() {
    System.out.println("Quiver " + Main.version());
    System.out.println("Milvus protocol " + MilvusService.PROTOCOL_VERSION);
    System.out.println("Java " + Runtime.version() + " (" + System.getProperty("java.home") + ")");
    return 0;
  }
}
