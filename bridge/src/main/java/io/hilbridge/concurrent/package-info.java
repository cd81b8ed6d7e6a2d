/**
 * How the bridge runs work without handing it between threads more than it must:
 * {@link io.hilbridge.concurrent.SerialExecutor} confines a component's state to one task at a time, running a task
 * on the submitting thread when nothing else is running.
 */
package io.hilbridge.concurrent;
