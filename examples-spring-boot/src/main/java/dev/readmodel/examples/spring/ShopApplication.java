package dev.readmodel.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A shop that records orders as events and reads them from read models. The starter finds the
 * DataSource (application.yml), builds the PostgreSQL stores and the engine, and runs the projection beans.
 */
@SpringBootApplication
public class ShopApplication {
    /** Starts the shop. */
    public static void main(String[] args) {
        SpringApplication.run(ShopApplication.class, args);
    }
}
