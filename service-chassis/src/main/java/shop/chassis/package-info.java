/**
 * The shop's microservice chassis: what every service does the same way, auto-configured so that a service only
 * depends on this module. Each part backs off when a service defines its own bean.
 */
package shop.chassis;
