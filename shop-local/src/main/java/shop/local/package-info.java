/**
 * Runs the shop as real local processes: {@link shop.local.KafkaBroker} (a KRaft broker JVM),
 * {@link shop.local.LocalPostgres} (databases on the machine's server), {@link shop.local.ServiceProcess} (a service
 * from its exec jar) and {@link shop.local.LocalShop} (all of them together, for the launcher and system tests).
 */
package shop.local;
