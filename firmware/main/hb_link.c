#include "hb_link.h"

#include "freertos/FreeRTOS.h"
#include "sdkconfig.h"

#if CONFIG_HB_TRANSPORT_USB_SERIAL_JTAG
#include "driver/usb_serial_jtag.h"
#else
#include "driver/uart.h"
#endif

/* Room for several frames each way: the link task drains RX every 10 ms. */
#define HB_LINK_RX_BUF 1024
#define HB_LINK_TX_BUF 1024
/* A write may wait this long for TX room; then the frame is dropped and the host retransmits. */
#define HB_LINK_TX_WAIT_MS 20

#if CONFIG_HB_TRANSPORT_UART0 && CONFIG_ESP_CONSOLE_UART && (CONFIG_ESP_CONSOLE_UART_NUM == 0)
#error \
    "The console shares UART0 with the hilbridge protocol: set Component config > ESP System Settings > Channel for console output to None (or another UART), or choose USB-Serial/JTAG in the hilbridge menu."
#endif

#if CONFIG_HB_TRANSPORT_USB_SERIAL_JTAG && \
    (CONFIG_ESP_CONSOLE_USB_SERIAL_JTAG || CONFIG_ESP_CONSOLE_SECONDARY_USB_SERIAL_JTAG)
#error \
    "The console uses USB-Serial/JTAG, the hilbridge protocol port: move the console to UART0 and set its secondary output to None."
#endif

esp_err_t hb_link_init(void)
{
#if CONFIG_HB_TRANSPORT_USB_SERIAL_JTAG
    usb_serial_jtag_driver_config_t cfg = USB_SERIAL_JTAG_DRIVER_CONFIG_DEFAULT();
    cfg.rx_buffer_size = HB_LINK_RX_BUF;
    cfg.tx_buffer_size = HB_LINK_TX_BUF;
    return usb_serial_jtag_driver_install(&cfg);
#else
    const uart_config_t cfg = {
        .baud_rate = CONFIG_HB_UART_BAUD,
        .data_bits = UART_DATA_8_BITS,
        .parity = UART_PARITY_DISABLE,
        .stop_bits = UART_STOP_BITS_1,
        .flow_ctrl = UART_HW_FLOWCTRL_DISABLE,
        .source_clk = UART_SCLK_DEFAULT,
    };
    esp_err_t err = uart_driver_install(UART_NUM_0, HB_LINK_RX_BUF, HB_LINK_TX_BUF, 0, NULL, 0);
    if (err == ESP_OK) {
        err = uart_param_config(UART_NUM_0, &cfg);
    }
    if (err == ESP_OK) {
        /* UART0 keeps its board pins (the ones wired to the bridge chip). */
        err = uart_set_pin(UART_NUM_0, UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE, UART_PIN_NO_CHANGE);
    }
    return err;
#endif
}

size_t hb_link_read(uint8_t *buf, size_t cap, uint32_t timeout_ms)
{
#if CONFIG_HB_TRANSPORT_USB_SERIAL_JTAG
    /* Returns as soon as any bytes are there. */
    int n = usb_serial_jtag_read_bytes(buf, (uint32_t)cap, pdMS_TO_TICKS(timeout_ms));
    return n > 0 ? (size_t)n : 0;
#else
    /*
     * uart_read_bytes returns only when it has cap bytes or the timeout is over, so asking for cap at once would hold
     * every frame for the whole timeout (a SET answered 10 ms late). Wait for the first byte, then take what is
     * already buffered without waiting.
     */
    int n = uart_read_bytes(UART_NUM_0, buf, 1, pdMS_TO_TICKS(timeout_ms));
    if (n <= 0) {
        return 0;
    }
    size_t buffered = 0;
    if (cap > 1 && uart_get_buffered_data_len(UART_NUM_0, &buffered) == ESP_OK && buffered > 0) {
        size_t more = buffered < cap - 1 ? buffered : cap - 1;
        int m = uart_read_bytes(UART_NUM_0, buf + 1, (uint32_t)more, 0);
        if (m > 0) {
            n += m;
        }
    }
    return (size_t)n;
#endif
}

esp_err_t hb_link_flush(uint32_t timeout_ms)
{
#if CONFIG_HB_TRANSPORT_USB_SERIAL_JTAG
    return usb_serial_jtag_wait_tx_done(pdMS_TO_TICKS(timeout_ms));
#else
    return uart_wait_tx_done(UART_NUM_0, pdMS_TO_TICKS(timeout_ms));
#endif
}

void hb_link_write(const uint8_t *data, size_t len)
{
#if CONFIG_HB_TRANSPORT_USB_SERIAL_JTAG
    /* With no host attached the USB TX buffer never drains: the bounded wait drops the frame instead. */
    (void)usb_serial_jtag_write_bytes(data, len, pdMS_TO_TICKS(HB_LINK_TX_WAIT_MS));
#else
    (void)uart_write_bytes(UART_NUM_0, data, len);
#endif
}
