package dev.ragtune.architecture.cyclic.a;

import dev.ragtune.architecture.cyclic.b.Pong;

/** Half of a deliberate package cycle: proves the architecture rules can fail. */
public class Ping {
    Pong pong;
}
