import { Anchor, Button, Center, Loader, Table, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { Link, useParams, useSearchParams } from 'react-router';
import { FormError } from '../../components/FormError';
import { PageTitle } from '../../components/PageTitle';
import { useProducts } from './products.queries';

/** Rating and review count per product, each linking to its reviews in the inbox. */
export default function ProductsPage() {
  const shopId = useParams().shopId!;
  const [params, setParams] = useSearchParams();
  const [q] = useDebouncedValue(params.get('q') ?? '', 300);
  const products = useProducts(shopId, q);
  const rows = products.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <>
      <PageTitle>Products</PageTitle>
      <TextInput
        label="Search products"
        type="search"
        value={params.get('q') ?? ''}
        onChange={(e) => setParams(e.currentTarget.value ? { q: e.currentTarget.value } : {}, { replace: true })}
        w={{ base: '100%', sm: 320 }}
        mb="md"
      />
      <FormError error={products.error} />
      {products.isPending ? (
        <Center h={200}>
          <Loader aria-label="Loading products" />
        </Center>
      ) : rows.length === 0 ? (
        <Text>No product yet: products appear when orders, imports or reviews name them.</Text>
      ) : (
        <Table.ScrollContainer minWidth={560} type="native" tabIndex={0}>
          <Table aria-label="Products">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Product</Table.Th>
                <Table.Th>Handle</Table.Th>
                <Table.Th>Rating</Table.Th>
                <Table.Th>Reviews</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((p) => (
                <Table.Tr key={p.product_id}>
                  <Table.Td>{p.title || p.product_id}</Table.Td>
                  <Table.Td>{p.handle}</Table.Td>
                  <Table.Td>{p.count ? p.rating.toFixed(2) : '—'}</Table.Td>
                  <Table.Td>
                    <Anchor component={Link} to={`/shops/${shopId}/reviews?product_id=${encodeURIComponent(p.product_id)}`}>
                      {p.count} reviews<VisuallyHidden> of {p.title || p.product_id}</VisuallyHidden>
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {products.hasNextPage && (
        <Center mt="md">
          <Button variant="default" onClick={() => products.fetchNextPage()}>
            Load more products
          </Button>
        </Center>
      )}
    </>
  );
}
